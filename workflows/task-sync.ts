// From the case engine's effects to what the case workflow must do for its escalation tasks: which task
// workflows to start, which to send a new snapshot, and the notification each change sends. Pure (no workflow
// API), so every kind is unit-tested without a server.
import { isLiveEscalation, type CaseEffect, type CaseState, type Escalation, type EscalationChange, type EscalationEffect } from '../rules/case-engine/index';
import type { Notification } from '../activities/index';
import { taskWorkflowId } from './case-identity';
import type { TaskSnapshot } from './case-messages';

export interface CaseJurisdiction {
  province: string;
  district: string;
  policeStation: string;
}

export interface TaskCommand {
  taskId: string;
  /** Start the task workflow (a new task), or signal the running one its new snapshot. */
  action: 'start' | 'signal';
  snapshot: TaskSnapshot;
}

export interface TaskSyncPlan {
  /** In order: withdrawn tasks first, then the case's escalations in the order they were raised. */
  tasks: TaskCommand[];
  notifications: Notification[];
}

const NOTIFICATION_KIND: Record<EscalationChange, Notification['kind']> = {
  opened: 'task-opened',
  climbed: 'task-climbed',
  acknowledged: 'task-acknowledged',
  reassigned: 'task-reassigned',
  resolved: 'task-resolved',
  closed: 'task-closed',
  withdrawn: 'task-withdrawn',
  'sla-missed-at-top': 'task-overdue-at-top',
  'sla-moved': 'task-sla-moved',
};


function causeText(cause: Escalation['cause']): string {
  return cause.kind === 'clock-breach' ? `clock ${cause.clockId} breached` : `gate ${cause.gateId} failed repeatedly`;
}

export function notificationOf(caseId: string, where: CaseJurisdiction, effect: EscalationEffect): Notification {
  const taskId = taskWorkflowId(caseId, effect.escalationId);
  const kind = NOTIFICATION_KIND[effect.change];
  return {
    // One notification per change of the task: a retried activity or a replayed workflow sends it once.
    id: `${taskId}@${effect.change}:${effect.level}:${effect.at}`,
    kind,
    to: { role: effect.role, ...where },
    caseId,
    taskId,
    level: effect.level,
    slaDueAt: effect.slaDueAt,
    text: `${kind.replace('task-', 'task ')}: ${causeText(effect.cause)} (level ${effect.level}, ${effect.role})${effect.reason ? `; ${effect.reason}` : ''}`,
    cause: effect.cause.kind === 'clock-breach' ? { kind: 'clock-breach', clockId: effect.cause.clockId } : { kind: 'gate-failure', gateId: effect.cause.gateId },
  };
}

/**
 * Plans the task work for the effects of one or more steps. `started` holds the task workflows already
 * started (and is updated); `state` is the case after those steps, whose escalations are the snapshots sent.
 */
export function planTaskSync(caseId: string, where: CaseJurisdiction, state: CaseState, effects: readonly CaseEffect[], started: Map<string, string>): TaskSyncPlan {
  const byEscalation = new Map<string, EscalationEffect[]>();
  for (const e of effects) {
    if (e.type !== 'escalation') continue;
    const list = byEscalation.get(e.escalationId);
    if (list) list.push(e);
    else byEscalation.set(e.escalationId, [e]);
  }
  const plan: TaskSyncPlan = { tasks: [], notifications: [] };
  const snapshotOf = (escalation: Escalation): TaskSnapshot => ({ caseId, ...where, escalation });
  const current = new Map(state.escalations.map((e) => [e.id, e]));

  const handle = (escalationId: string, escalation: Escalation): void => {
    const changes = byEscalation.get(escalationId)!;
    const taskId = taskWorkflowId(caseId, escalationId);
    const running = started.has(taskId);
    // Opened and cured before anyone was told: there is no task to show.
    if (!running && !isLiveEscalation(escalation)) return;
    for (const change of changes) plan.notifications.push(notificationOf(caseId, where, change));
    started.set(taskId, escalation.status);
    plan.tasks.push({ taskId, action: running ? 'signal' : 'start', snapshot: snapshotOf(escalation) });
  };

  // Withdrawn first (a re-computation removed them): their tasks close before any new one is raised.
  for (const [id, changes] of byEscalation) {
    if (current.has(id)) continue;
    const gone = changes.find((c) => c.change === 'withdrawn');
    if (gone?.snapshot) handle(id, gone.snapshot);
  }
  for (const escalation of state.escalations) if (byEscalation.has(escalation.id)) handle(escalation.id, escalation);
  return plan;
}
