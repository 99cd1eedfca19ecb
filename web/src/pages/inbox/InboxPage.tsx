// The supervisor's inbox: their tasks (the server scopes them by role and jurisdiction), filtered and sorted by
// SLA, with coloured countdowns, the actions the task allows, bulk acknowledge and reassign, and saved views. The
// list is virtualised (TaskList): only the rows in view are in the page, so 10,000 tasks scroll as ten do.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useFormat } from '../../i18n/format';
import { ActionPanel, type PendingAction } from './ActionPanel';
import { FilterBar } from './FilterBar';
import { useInbox, type InboxFilters, type Task } from './inbox-query';
import { SavedViews } from './SavedViews';
import { TaskList } from './TaskList';
import { actOnTask, type ActionKind } from './task-actions';

const NO_TASKS: Task[] = [];

export function InboxPage(): ReactNode {
  const { t } = useTranslation();
  const f = useFormat();
  const queryClient = useQueryClient();
  const [filters, setFilters] = useState<InboxFilters>({});
  const [descending, setDescending] = useState(false);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [pending, setPending] = useState<PendingAction | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const inbox = useInbox(filters);

  const tasks = useMemo(() => {
    const rows = inbox.tasks ?? [];
    return descending ? [...rows].reverse() : rows;
  }, [inbox.tasks, descending]);

  const problemText = (err: unknown): string => (err instanceof ApiError ? t(`problems.${err.code}`, { defaultValue: t('problems.generic', { status: err.status }) }) : t('problems.network'));

  async function run(action: PendingAction, input: Parameters<typeof actOnTask>[2]): Promise<void> {
    let done = 0;
    const failures: string[] = [];
    for (const taskId of action.taskIds) {
      try {
        await actOnTask(action.kind, taskId, input);
        done++;
      } catch (err) {
        failures.push(problemText(err));
      }
    }
    setPending(null);
    setSelected(new Set());
    await queryClient.invalidateQueries({ queryKey: ['tasks'] });
    setMessage(
      failures.length
        ? { kind: 'error', text: t('inbox.actionFailed', { done: f.number(done), failed: f.number(failures.length), reason: failures[0] }) }
        : { kind: 'ok', text: t(`inbox.actionDone.${action.kind}`, { count: done, n: f.number(done) }) },
    );
  }

  const toggle = useCallback(
    (taskId: string): void =>
      setSelected((s) => {
        const next = new Set(s);
        if (next.has(taskId)) next.delete(taskId);
        else next.add(taskId);
        return next;
      }),
    [],
  );
  const toggleAll = useCallback(() => setSelected((s) => (s.size === tasks.length ? new Set() : new Set(tasks.map((x) => x.taskId)))), [tasks]);
  // Acknowledging needs no more input: it is sent at once; the other actions open their form.
  const runRef = useRef(run);
  runRef.current = run;
  const onRowAction = useCallback((kind: ActionKind, taskId: string) => (kind === 'acknowledge' ? void runRef.current({ kind, taskIds: [taskId] }, {}) : setPending({ kind, taskIds: [taskId] })), []);

  return (
    <section className="inbox" aria-labelledby="inbox-title">
      <div className="page-head">
        <h1 id="inbox-title">{t('inbox.title')}</h1>
        <p className="muted" data-testid="task-count">
          {!inbox.isSuccess ? t('common.loading') : inbox.partial ? t('inbox.countPartial', { n: f.number(tasks.length) }) : t('inbox.count', { count: tasks.length, n: f.number(tasks.length) })}
        </p>
      </div>
      <SavedViews filters={filters} onApply={setFilters} />
      <FilterBar filters={filters} tasks={inbox.tasks ?? NO_TASKS} onChange={setFilters} />
      <div className="bulk-bar" role="group" aria-label={t('inbox.bulk.label')}>
        <span>{t('inbox.bulk.selected', { n: f.number(selected.size) })}</span>
        <button type="button" disabled={selected.size === 0} onClick={() => setPending({ kind: 'acknowledge', taskIds: [...selected] })}>
          {t('inbox.bulk.acknowledge')}
        </button>
        <button type="button" disabled={selected.size === 0} onClick={() => setPending({ kind: 'reassign', taskIds: [...selected] })}>
          {t('inbox.bulk.reassign')}
        </button>
        <button type="button" onClick={() => setDescending((d) => !d)} aria-pressed={descending}>
          {descending ? t('inbox.sort.latest') : t('inbox.sort.soonest')}
        </button>
      </div>
      {message ? (
        <p role="status" className={`message message-${message.kind}`}>
          {message.text}
        </p>
      ) : (
        <p role="status" className="visually-hidden" />
      )}
      {pending ? <ActionPanel action={pending} onCancel={() => setPending(null)} onSubmit={(input) => run(pending, input)} /> : null}
      {inbox.isError ? <p className="message message-error">{problemText(inbox.error)}</p> : null}
      <TaskList tasks={tasks} selected={selected} onToggle={toggle} onToggleAll={toggleAll} onAction={onRowAction} empty={inbox.isSuccess && tasks.length === 0} />
    </section>
  );
}
