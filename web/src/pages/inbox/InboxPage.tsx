// The supervisor's inbox: their tasks (the server scopes them by role and jurisdiction), filtered and sorted by
// SLA, with coloured countdowns, the actions the task allows, bulk acknowledge and reassign, and saved views. The
// list is virtualised: only the rows in view are in the page, so 10,000 tasks scroll as smoothly as ten.
import { useQueryClient } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { Link, paths } from '../../app/router';
import { Countdown } from '../../components/Countdown';
import { useNow } from '../../components/useNow';
import { useFormat } from '../../i18n/format';
import { ActionPanel, type PendingAction } from './ActionPanel';
import { FilterBar } from './FilterBar';
import { useInbox, type InboxFilters, type Task } from './inbox-query';
import { SavedViews } from './SavedViews';
import { actOnTask, offeredActions } from './task-actions';

const ROW_HEIGHT = 52;

export function InboxPage(): ReactNode {
  const { t } = useTranslation();
  const f = useFormat();
  const now = useNow();
  const queryClient = useQueryClient();
  const [filters, setFilters] = useState<InboxFilters>({});
  const [descending, setDescending] = useState(false);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [pending, setPending] = useState<PendingAction | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const inbox = useInbox(filters);

  const tasks = useMemo(() => {
    const rows = inbox.data ?? [];
    return descending ? [...rows].reverse() : rows;
  }, [inbox.data, descending]);

  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: tasks.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });

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

  const toggle = (taskId: string): void =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(taskId)) next.delete(taskId);
      else next.add(taskId);
      return next;
    });
  const allSelected = tasks.length > 0 && selected.size === tasks.length;

  return (
    <section className="inbox" aria-labelledby="inbox-title">
      <div className="page-head">
        <h1 id="inbox-title">{t('inbox.title')}</h1>
        <p className="muted" data-testid="task-count">
          {inbox.isSuccess ? t('inbox.count', { count: tasks.length, n: f.number(tasks.length) }) : t('common.loading')}
        </p>
      </div>
      <SavedViews filters={filters} onApply={setFilters} />
      <FilterBar filters={filters} tasks={inbox.data ?? []} onChange={setFilters} />
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
      <div className="task-table" role="table" aria-label={t('inbox.title')} aria-rowcount={tasks.length + 1}>
        <div role="rowgroup">
          <div className="task-row task-head" role="row" aria-rowindex={1}>
            <span role="columnheader" className="col-select">
              <input
                type="checkbox"
                aria-label={t('inbox.selectAll')}
                checked={allSelected}
                onChange={() => setSelected(allSelected ? new Set() : new Set(tasks.map((x) => x.taskId)))}
              />
            </span>
            <span role="columnheader">{t('inbox.columns.case')}</span>
            <span role="columnheader">{t('inbox.columns.task')}</span>
            <span role="columnheader">{t('inbox.columns.sla')}</span>
            <span role="columnheader">{t('inbox.columns.clock')}</span>
            <span role="columnheader">{t('inbox.columns.actions')}</span>
          </div>
        </div>
        <div ref={scroller} className="task-scroller" data-testid="task-scroller" role="rowgroup">
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((v) => {
              const task = tasks[v.index]!;
              return (
                <TaskRow
                  key={task.taskId}
                  task={task}
                  index={v.index}
                  top={v.start}
                  now={now}
                  selected={selected.has(task.taskId)}
                  onToggle={toggle}
                  onAction={(kind) => (kind === 'acknowledge' ? void run({ kind, taskIds: [task.taskId] }, {}) : setPending({ kind, taskIds: [task.taskId] }))}
                />
              );
            })}
          </div>
          {inbox.isSuccess && tasks.length === 0 ? <p className="empty">{t('inbox.empty')}</p> : null}
        </div>
      </div>
    </section>
  );
}

function TaskRow(props: { task: Task; index: number; top: number; now: number; selected: boolean; onToggle: (id: string) => void; onAction: (kind: PendingAction['kind']) => void }): ReactNode {
  const { task, now } = props;
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <div className="task-row" role="row" aria-rowindex={props.index + 2} data-testid="task-row" data-task-id={task.taskId} style={{ transform: `translateY(${props.top}px)`, height: ROW_HEIGHT }}>
      <span role="cell" className="col-select">
        <input type="checkbox" aria-label={t('inbox.select', { id: task.caseId })} checked={props.selected} onChange={() => props.onToggle(task.taskId)} />
      </span>
      <span role="cell">
        <Link to={paths.case(task.caseId)} data-testid="case-link">
          {task.caseId.replace(/^case\//, '')}
        </Link>
        <span className="muted small">{[task.jurisdiction.policeStation, task.jurisdiction.district].filter((x): x is string => Boolean(x)).map(f.place).join('، ')}</span>
      </span>
      <span role="cell">
        {f.role(task.role)} · {t('inbox.level', { n: f.number(task.level) })} · <span data-testid="task-status">{t(`taskStatus.${task.status}`, { defaultValue: task.status })}</span>
      </span>
      <span role="cell">
        <Countdown dueAt={task.slaDueAt} now={now} />
      </span>
      <span role="cell">{task.breachedClock ? <span className="badge badge-breached">{t('inbox.breached', { clock: t(`clocks.${task.breachedClock}`, { defaultValue: task.breachedClock }) })}</span> : <span className="muted">{t('inbox.gateTask')}</span>}</span>
      <span role="cell" className="row-actions">
        {offeredActions(task).map((kind) => (
          <button key={kind} type="button" className={`action-${kind}`} data-action={kind} onClick={() => props.onAction(kind)}>
            {t(`actions.${kind}`)}
          </button>
        ))}
      </span>
    </div>
  );
}
