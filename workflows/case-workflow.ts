// One durable workflow per FIR. It hosts the pure SOP core: events arrive as validated Updates, statutory
// clocks become durable timers (the core computes when; the workflow sleeps until then), and every
// escalation the core opens becomes a task workflow in the case's jurisdiction.
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  proxyActivities,
  sleep,
} from '@temporalio/workflow';
import type { CaseEventRecord, Notification, SopflowActivities } from '../activities/index';
import { advanceCase, applyEvent, nextWakeUp, openCase } from '../rules/case-engine/case-engine';
import { allowedEventTypes, eventRefusal } from '../rules/case-engine/apply-event';
import type { CaseState, Escalation } from '../rules/case-engine/case-state';
import { compileSop, type CompiledSop } from '../rules/compiler/compile-sop';
import { caseView } from '../rules/explain/case-view';
import { previewMigration, recordMigration } from '../rules/case-engine/migrate-case';
import type { SopBundle } from '../rules/loader/load-sop';
import { caseFacts, type CaseFactsInput } from '../rules/schema/case-facts';
import {
  advanceToNowUpdate,
  allowedEventsQuery,
  appliedOverlaysQuery,
  caseEventRequest,
  caseEventUpdate,
  caseStateQuery,
  caseViewQuery,
  applyMigrationUpdate,
  previewMigrationUpdate,
  sopMigrationDecision,
  type MigrationRequest,
  type SopMigrationDecision,
  taskSnapshotSignal,
  type CaseEventRequest,
  type TaskSnapshot,
} from './case-messages';
import { taskWorkflowId } from './case-identity';
import type { CaseParties } from './case-parties';
import { escalationTaskWorkflow } from './escalation-task';
import { SA } from './search-attributes';

export interface CaseWorkflowInput {
  caseId: string;
  /** The SOP pinned when the case opened: content and hash, so replay never depends on files on disk. */
  sop: { hash: string; bundle: SopBundle };
  facts: CaseFactsInput;
  /** Personal data of the parties: carried for people, never read by rules, encrypted by the payload codec. */
  parties?: CaseParties;
  /** When the FIR was registered (epoch ms); may be in the past, and the clocks run from it. */
  firAt: number;
  /**
   * Legal time = workflow time + this offset. 0 in production. Scenario replays and training cases set it so
   * a case dated in the past runs through its own calendar on a server whose clock is today.
   */
  clockOffsetMs?: number;
  /** Carried across continue-as-new. */
  carried?: { state: CaseState; tasks: Record<string, string>; unsent?: Unsent };
}

/** Records for the outbox and the event sink not yet handed to their activities. */
interface Unsent {
  events: CaseEventRecord[];
  notifications: Notification[];
}

// Retried until the outbox or sink takes them: both are idempotent by id, so a retry never doubles a record.
const io = proxyActivities<SopflowActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '5 minutes' },
});

const CONTINUE_AS_NEW_EVERY = 2_000; // history events; the SDK's suggestion usually comes first
const CLOSED_CASE_RETENTION_MS = 30 * 24 * 3_600_000;

export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseState> {
  const offset = input.clockOffsetMs ?? 0;
  const legalNow = (): number => Date.now() + offset;
  const facts = caseFacts.parse(input.facts);
  let sop: CompiledSop = await compileSop(input.sop.bundle, facts);
  // The SOP the case is pinned to; a recorded migration replaces it (and continue-as-new carries the new one).
  let pinned = input.sop;
  if (sop.sopHash !== input.sop.hash) {
    throw ApplicationFailure.nonRetryable(`pinned SOP content hashes to ${sop.sopHash}, not ${input.sop.hash}`, 'SopHashMismatch');
  }
  let state: CaseState = input.carried?.state ?? (await openCase(sop, facts, input.firAt));
  // What the task workflows were last told about, so a task whose escalation a re-computation removed is closed.
  let synced: CaseState | undefined = input.carried?.state;
  // Task workflow id → what was last sent to it, so a task is signalled only when it changed.
  const tasks = new Map<string, string>(Object.entries(input.carried?.tasks ?? {}));
  const unsent: Unsent = input.carried?.unsent ?? { events: [], notifications: [] };
  let dirty = true;
  let closedSince: number | undefined;

  // One durable timer per wake-up instant, never cancelled: a timer made stale by an event just wakes the loop
  // for a no-op advance. (Cancelling a timer that fires in the same task as an update is refused by the
  // time-skipping test server, and timers left to fire cost nothing but a history event.)
  let timerFired = false;
  const armedFor = new Set<number>();
  const armTimer = (wake: number | null): void => {
    if (wake === null || armedFor.has(wake)) return;
    armedFor.add(wake);
    void sleep(Math.max(1, wake - legalNow())).then(() => {
      armedFor.delete(wake);
      timerFired = true;
    });
  };

  setHandler(caseStateQuery, () => state);
  // A query cannot record anything, so timers due by now are applied to a copy for the answer.
  setHandler(caseViewQuery, () => {
    const now = Math.max(state.now, legalNow());
    return caseView(sop, advanceCase(sop, state, now), now);
  });
  setHandler(advanceToNowUpdate, () => {
    // Only a due warning, breach or climb changes what tasks and search attributes show; a plain read does not.
    const wake = nextWakeUp(state);
    const now = Math.max(state.now, legalNow());
    if (wake !== null && wake <= now) dirty = true;
    state = advanceCase(sop, state, now);
    return state;
  });
  const migrationTarget = async (request: MigrationRequest): Promise<CompiledSop> => {
    const target = await compileSop(request.sop.bundle, facts);
    if (target.sopHash !== request.sop.hash) throw ApplicationFailure.nonRetryable(`the new SOP's content hashes to ${target.sopHash}, not ${request.sop.hash}`, 'SopHashMismatch');
    if (target.province !== sop.province) throw ApplicationFailure.nonRetryable(`the new SOP is for ${target.province}, the case is in ${sop.province}`, 'MigrationRefused');
    return target;
  };
  setHandler(previewMigrationUpdate, async (request) => {
    const target = await migrationTarget(request);
    return (await previewMigration(sop, target, state, legalNow())).preview;
  });
  setHandler(
    applyMigrationUpdate,
    async (request) => {
      const target = await migrationTarget(request);
      const { preview, next } = await previewMigration(sop, target, state, legalNow());
      if (!next) throw ApplicationFailure.nonRetryable(`the case cannot move to ${target.version}: ${preview.reason ?? 'its history is not valid there'}`, 'MigrationRefused');
      if (preview.digest !== request.digest) {
        throw ApplicationFailure.nonRetryable('the case changed since that preview (or it previewed another SOP): preview again before applying', 'MigrationRefused');
      }
      state = recordMigration(next, state, { at: legalNow(), fromVersion: sop.version, toVersion: target.version, by: request.by, reason: request.reason });
      sop = target;
      pinned = request.sop;
      dirty = true;
      return preview;
    },
    {
      validator: (request: MigrationRequest & SopMigrationDecision) => {
        const parsed = sopMigrationDecision.safeParse({ digest: request.digest, by: request.by, reason: request.reason });
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          throw new Error(`${issue.path.join('.') || 'decision'}: ${issue.message}`);
        }
      },
    },
  );
  setHandler(appliedOverlaysQuery, () => sop.overlays.filter((o) => o.applied).map((o) => o.id));
  setHandler(allowedEventsQuery, () => allowedEventTypes(sop, state));

  setHandler(
    caseEventUpdate,
    async (request) => {
      const event = { ...request, at: request.at ?? legalNow() };
      // Let time catch up first, so an event arriving after a deadline finds the breach already recorded;
      // a refused event changes nothing, not even that (the main loop records the breach on its own timer).
      const current = advanceCase(sop, state, Math.max(state.now, legalNow()));
      const outcome = await applyEvent(sop, current, event);
      if (outcome.status === 'rejected') throw ApplicationFailure.nonRetryable(outcome.reason, 'EventRejected');
      if (outcome.status === 'applied') {
        state = outcome.state;
        unsent.events.push(eventRecord(input.caseId, state, event.id, event.type, event.at, legalNow()));
        dirty = true;
      }
      return { status: outcome.status, stage: state.stage };
    },
    {
      // Cheap checks before the update is accepted into history: a refused event leaves no trace.
      validator: (raw: CaseEventRequest) => {
        const parsed = caseEventRequest.safeParse(raw);
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          throw new Error(`${issue.path.join('.') || 'event'}: ${issue.message}`);
        }
        const request = parsed.data;
        if (state.log.some((e) => e.id === request.id)) return; // a duplicate: the handler answers "duplicate"
        // A back-dated event is judged in the stage it is dated in, which only the handler's refold knows.
        const backDated = request.at !== undefined && request.at < state.now;
        const refusal = backDated ? null : eventRefusal(sop, state, request.type);
        if (refusal) throw new Error(refusal);
      },
    },
  );

  for (;;) {
    if (dirty) {
      dirty = false;
      publishSearchAttributes(state);
      const published = state; // an update may replace `state` while the tasks are being signalled
      await syncTasks(input.caseId, published, synced, tasks, unsent.notifications);
      synced = published;
      await flush(unsent);
    }
    if (sop.stages.find((s) => s.id === state.stage)?.kind === 'final') {
      // A closed case still answers for a while (late events are refused with the SOP's reason, reads work),
      // then the workflow completes.
      closedSince ??= legalNow();
      if (legalNow() - closedSince >= CLOSED_CASE_RETENTION_MS) break;
      armTimer(closedSince + CLOSED_CASE_RETENTION_MS);
      await condition(() => dirty || timerFired);
      timerFired = false;
      continue;
    }
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > CONTINUE_AS_NEW_EVERY) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof caseWorkflow>({ ...input, sop: pinned, carried: { state, tasks: Object.fromEntries(tasks), unsent } });
    }
    armTimer(nextWakeUp(state));
    await condition(() => dirty || timerFired);
    if (timerFired) {
      timerFired = false;
      state = advanceCase(sop, state, Math.max(state.now, legalNow()));
      dirty = true;
    }
  }
  await condition(allHandlersFinished);
  await flush(unsent);
  return state;
}

async function flush(unsent: Unsent): Promise<void> {
  // Taken off the queue before the await: records added meanwhile wait for the next flush, none is sent twice.
  const events = unsent.events.splice(0);
  const notifications = unsent.notifications.splice(0);
  if (events.length > 0) await io.recordCaseEvents(events);
  if (notifications.length > 0) await io.sendNotifications(notifications);
}

function eventRecord(caseId: string, state: CaseState, eventId: string, type: string, at: number, recordedAt: number): CaseEventRecord {
  return {
    caseId,
    eventId,
    type,
    at,
    recordedAt,
    stageAfter: state.stage,
    sopHash: state.sopHash,
    province: state.facts.province,
    district: state.facts.district,
    policeStation: state.facts.policeStation,
    offenceClass: state.facts.offence.class,
  };
}

function publishSearchAttributes(state: CaseState): void {
  upsertSearchAttributes([
    { key: SA.recordKind, value: 'case' },
    { key: SA.province, value: state.facts.province },
    { key: SA.district, value: state.facts.district },
    { key: SA.policeStation, value: state.facts.policeStation },
    { key: SA.stage, value: state.stage },
    { key: SA.offenceClass, value: state.facts.offence.class },
    { key: SA.inCustody, value: state.facts.accused.inCustody },
  ]);
}

/** Every escalation the core holds has a task workflow; each change is sent to it. */
async function syncTasks(caseId: string, state: CaseState, previous: CaseState | undefined, tasks: Map<string, string>, notifications: Notification[]): Promise<void> {
  // A back-dated event or a migration can re-compute a breach away: its task closes, with the reason.
  const current = new Set(state.escalations.map((e) => e.id));
  for (const gone of previous?.escalations ?? []) {
    const id = taskWorkflowId(caseId, gone.id);
    if (current.has(gone.id) || !tasks.has(id) || isFinished(gone)) continue;
    const escalation: Escalation = { ...gone, status: 'closed', closedReason: 'no longer applies: the case was re-computed (a back-dated event or an SOP migration)' };
    const snapshot: TaskSnapshot = { caseId, province: state.facts.province, district: state.facts.district, policeStation: state.facts.policeStation, escalation };
    const sent = tasks.get(id);
    tasks.set(id, `${escalation.status}|${escalation.role}|${escalation.level}|${escalation.slaDueAt}`);
    notifications.push(notificationOf(caseId, id, snapshot, sent));
    await getExternalWorkflowHandle(id).signal(taskSnapshotSignal, snapshot);
  }
  for (const escalation of state.escalations) {
    const id = taskWorkflowId(caseId, escalation.id);
    const fingerprint = `${escalation.status}|${escalation.role}|${escalation.level}|${escalation.slaDueAt}`;
    const sent = tasks.get(id);
    if (sent === fingerprint) continue;
    if (sent === undefined && isFinished(escalation)) continue; // opened and cured within one step: no task to show
    const snapshot: TaskSnapshot = {
      caseId,
      province: state.facts.province,
      district: state.facts.district,
      policeStation: state.facts.policeStation,
      escalation,
    };
    tasks.set(id, fingerprint);
    notifications.push(notificationOf(caseId, id, snapshot, sent));
    if (sent === undefined) {
      await startChild(escalationTaskWorkflow, {
        workflowId: id,
        args: [snapshot],
        // A supervisor's record of a task must survive the case workflow continuing as new or closing.
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
    } else {
      await getExternalWorkflowHandle(id).signal(taskSnapshotSignal, snapshot);
    }
  }
}

const isFinished = (e: Escalation): boolean => e.status === 'closed' || e.status === 'resolved';

function notificationOf(caseId: string, taskId: string, snapshot: TaskSnapshot, previous: string | undefined): Notification {
  const e = snapshot.escalation;
  const [, previousRole, previousLevel] = previous?.split('|') ?? [];
  const kind: Notification['kind'] =
    previous === undefined
      ? 'task-opened'
      : e.status === 'closed'
        ? 'task-closed'
        : e.status === 'resolved'
          ? 'task-resolved'
          : previousRole !== e.role && previousLevel === String(e.level)
            ? 'task-reassigned'
            : previousLevel !== String(e.level)
              ? 'task-climbed'
              : 'task-acknowledged';
  const cause = e.cause.kind === 'clock-breach' ? `clock ${e.cause.clockId} breached` : `gate ${e.cause.gateId} failed repeatedly`;
  return {
    // One notification per state of the task: a retried activity or a replayed workflow sends it once.
    id: `${taskId}@${e.status}|${e.role}|${e.level}|${e.slaDueAt}`,
    kind,
    to: { role: e.role, province: snapshot.province, district: snapshot.district, policeStation: snapshot.policeStation },
    caseId,
    taskId,
    level: e.level,
    slaDueAt: e.slaDueAt,
    text: `${kind.replace('task-', 'task ')}: ${cause} (level ${e.level}, ${e.role})${e.closedReason ? `; ${e.closedReason}` : ''}`,
  };
}
