// The inbox's rows, virtualised: only the rows in view (and a few either side) are in the page, so scrolling
// 10,000 tasks re-renders about twenty rows, and nothing else on the page re-renders as the list scrolls.
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, paths } from '../../app/router';
import { Countdown } from '../../components/Countdown';
import { useNow } from '../../components/useNow';
import { useFormat } from '../../i18n/format';
import type { Task } from './inbox-query';
import { offeredActions, type ActionKind } from './task-actions';

const ROW_HEIGHT = 52;

export interface TaskListProps {
  tasks: Task[];
  selected: ReadonlySet<string>;
  onToggle: (taskId: string) => void;
  onToggleAll: () => void;
  onAction: (kind: ActionKind, taskId: string) => void;
  empty: boolean;
}

export const TaskList = memo(function TaskList({ tasks, selected, onToggle, onToggleAll, onAction, empty }: TaskListProps): ReactNode {
  const { t } = useTranslation();
  const now = useNow();
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: tasks.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  const allSelected = tasks.length > 0 && selected.size === tasks.length;
  return (
    <div className="task-table" role="table" aria-label={t('inbox.title')} aria-rowcount={tasks.length + 1}>
      <div role="rowgroup">
        <div className="task-row task-head" role="row" aria-rowindex={1}>
          <span role="columnheader" className="col-select">
            <input type="checkbox" aria-label={t('inbox.selectAll')} checked={allSelected} onChange={onToggleAll} />
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
            return <TaskRow key={task.taskId} task={task} index={v.index} top={v.start} now={now} selected={selected.has(task.taskId)} onToggle={onToggle} onAction={onAction} />;
          })}
        </div>
        {empty ? <p className="empty">{t('inbox.empty')}</p> : null}
      </div>
    </div>
  );
});

interface TaskRowProps {
  task: Task;
  index: number;
  top: number;
  now: number;
  selected: boolean;
  onToggle: (taskId: string) => void;
  onAction: (kind: ActionKind, taskId: string) => void;
}

const TaskRow = memo(function TaskRow({ task, index, top, now, selected, onToggle, onAction }: TaskRowProps): ReactNode {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <div className="task-row" role="row" aria-rowindex={index + 2} data-testid="task-row" data-task-id={task.taskId} style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}>
      <span role="cell" className="col-select">
        <input type="checkbox" aria-label={t('inbox.select', { id: task.caseId })} checked={selected} onChange={() => onToggle(task.taskId)} />
      </span>
      <span role="cell">
        <Link to={paths.case(task.caseId)} data-testid="case-link">
          {task.caseId.replace(/^case\//, '')}
        </Link>
        <span className="muted small">{f.list([task.jurisdiction.policeStation, task.jurisdiction.district].filter((x): x is string => Boolean(x)).map(f.place))}</span>
      </span>
      <span role="cell">
        {f.role(task.role)} · {t('inbox.level', { n: f.number(task.level) })} · <span data-testid="task-status">{t(`taskStatus.${task.status}`, { defaultValue: task.status })}</span>
      </span>
      <span role="cell">
        <Countdown dueAt={task.slaDueAt} now={now} />
      </span>
      <span role="cell">
        {task.breachedClock ? <span className="badge badge-breached">{t('inbox.breached', { clock: t(`clocks.${task.breachedClock}`, { defaultValue: task.breachedClock }) })}</span> : <span className="muted">{t('inbox.gateTask')}</span>}
      </span>
      <span role="cell" className="row-actions">
        {offeredActions(task).map((kind) => (
          <button key={kind} type="button" className={`action-${kind}`} data-action={kind} onClick={() => onAction(kind, task.taskId)}>
            {t(`actions.${kind}`)}
          </button>
        ))}
      </span>
    </div>
  );
});
