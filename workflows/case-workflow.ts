// One durable workflow per FIR: message wiring over CaseHost (case-host.ts), which holds the logic. Events
// arrive as validated Updates, statutory clocks become durable timers (the core computes when; the workflow
// sleeps until then), and the effects the core reports become task workflows, notifications and records.
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { ProjectionBatch, SopflowActivities } from '../activities/index';
import { isLiveEscalation, type CaseState } from '../rules/case-engine/index';
import {
  advanceToNowUpdate,
  allowedEventsQuery,
  appliedOverlaysQuery,
  applyMigrationUpdate,
  caseEventUpdate,
  caseStateQuery,
  caseViewQuery,
  escalationQuery,
  notifyHolidayUpdate,
  previewMigrationUpdate,
  taskSnapshotSignal,
  type CaseEventRequest,
  type HolidayNotification,
  type MigrationRequest,
  type SopMigrationDecision,
} from './case-messages';
import type { CaseParties } from './case-parties';
import { CaseHost, CaseRefusal, type CaseHostInput, type Unsent } from './case-host';
import { EffectLanes, StepLanes, type StepRecords } from './effects-lane';
import { escalationTaskWorkflow } from './escalation-task';
import { SA } from './search-attributes';
import { landingDelay, leadDelay, stagedDelay } from './wake-up-stages';
import { pinnedSopPreparer } from './sop-resolution';

export interface CaseWorkflowInput extends CaseHostInput {
  /** Personal data of the parties: carried for people, never read by rules, encrypted by the payload codec. */
  parties?: CaseParties;
  /**
   * Legal time = workflow time + this offset. 0 in production. Scenario replays and training cases set it so
   * a case dated in the past runs through its own calendar on a server whose clock is today.
   */
  clockOffsetMs?: number;
  /** Test knobs: a lower history-bytes threshold for continue-as-new shows the mechanism without megabytes. */
  limits?: { continueAsNewBytes?: number };
}

// Retried until the outbox or sink takes them: both are idempotent by id, so a retry never doubles a record.
const io = proxyActivities<SopflowActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '5 minutes' },
});

// The read model's projection: quick and idempotent by effect id, so one a killed worker held is retried after
// 10 s rather than 30 (it runs beside the loop in the effects lane, but the lane drains before continue-as-new).
const projecting = proxyActivities<SopflowActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

// In-process and quick (a hash lookup, a local file): the worker runs these inside the workflow task, so they add
// a marker to history instead of a round trip through the server and another workflow task.
const local = proxyLocalActivities<SopflowActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

// A step's records and read-model batch in one local activity, from the workflow task after the step's (runs
// since patch 'step-records-after-task'; effects-lane.ts, StepLanes): one marker in history, not an activity task
// with its own round trip and a second workflow task per step. Quick, or retried after 10 s (a workflow task
// waits for its local activities).
const localStep = proxyLocalActivities<SopflowActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const CONTINUE_AS_NEW_EVERY = 2_000; // history events; the SDK's suggestion usually comes first
// History bytes: large event payloads must not carry a case toward Temporal's history size limits either.
const CONTINUE_AS_NEW_BYTES = 4 * 1024 * 1024;
const CLOSED_CASE_RETENTION_MS = 30 * 24 * 3_600_000;
/**
 * How long a step's records may wait for a later workflow task when no other step comes (see StepLanes). In runs
 * since 'steps-on-flush-timer' this timer's task is the only one that releases steps, so it is also how far the
 * read model and the event sink trail a busy case. 2 s, not 500 ms: each flush is a workflow task with a local
 * activity, and an Update to the case waits behind it. Four alternating pairs of `npm run bench:cases -- --rounds 2
 * --cases 60` (2026-12-02) gave 2 s the lower CPU per event in all four (×1.37–1.60 against ×1.55–1.85 the
 * baseline's), the lower p95 in all four (×1.34–1.65 against ×1.75–2.05), and 124–133 history events against
 * 139–151. Runs recorded at 500 ms replay unchanged: a timer's duration is not part of what replay compares.
 */
const STEP_FLUSH_MS = 2_000;

/** The patches 'changes-to-2026-12' settles; a later change gets a patch of its own, asked with patched(). */
type SettledPatch =
  | 'lean-steps'
  | 'effects-lane'
  | 'step-records-after-task'
  | 'steps-on-flush-timer'
  | 'fir-in-event-sink'
  | 'timer-lead'
  | 'timer-stages'
  | 'timer-landings'
  | 'read-model-projection';

/** Refusals become non-retryable failures the caller sees; anything else is a bug and fails the task. */
async function refusing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof CaseRefusal) throw ApplicationFailure.nonRetryable(err.message, err.failureType);
    throw err;
  }
}

/** `refusing`, for work that returns at once. */
function refusingNow<T>(host: CaseHost, work: (host: CaseHost) => T): T {
  try {
    return work(host);
  } catch (err) {
    if (err instanceof CaseRefusal) throw ApplicationFailure.nonRetryable(err.message, err.failureType);
    throw err;
  }
}

export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseState> {
  const offset = input.clockOffsetMs ?? 0;
  // Bytes this run added count, not the carried input it began with: a big carried case must not continue as
  // new again and again.
  const inputBytes = workflowInfo().historySize;
  const continueAsNewBytes = input.limits?.continueAsNewBytes ?? CONTINUE_AS_NEW_BYTES;
  const legalNow = (): number => Date.now() + offset;
  // Runs since 'changes-to-2026-12' take every change named by a patch below under this one marker: nine markers
  // cost a new case nine history events and nine TemporalChangeVersion upserts (visibility writes) at its start.
  // Decided once, here: a history recorded before it replays without the marker and asks each patch as it did.
  const settled = patched('changes-to-2026-12');
  const since = (patch: SettledPatch): boolean => settled || patched(patch);
  // Histories recorded before these replay with the steps they had (all search attributes and two activities per
  // step, the event records through the server); runs since publish what changed and record events locally.
  const lean = since('lean-steps');
  const publish = lean ? changedSearchAttributePublisher() : publishSearchAttributes;
  const flushStep = lean ? flushLean : flush;
  // Runs since this marker hand each step's records, notifications and read-model batch to background lanes
  // (effects-lane.ts), so an activity a killed worker left unfinished (Temporal notices at its timeout) never holds
  // the next clock back; histories recorded before await them in the loop as they always did.
  // Runs since 'step-records-after-task' write a step's records and batch in one local activity (StepLanes).
  const laned = lean && since('effects-lane');
  const steps = laned && since('step-records-after-task') ? new StepLanes(recordStep, notify) : undefined;
  const lanes = laned && !steps ? new EffectLanes(flushLean, projectBatch) : undefined;
  // A step held for a later workflow task gets one within STEP_FLUSH_MS even when the case is quiet.
  // Runs since 'steps-on-flush-timer' (one patch, so one marker more in each history, for these changes, and for a
  // shipped SOP read from the bundle without asking the store: sop-resolution.ts):
  // - release held steps only from that timer's task (or a drain), not from every later task: a busy case's steps
  //   then go out folded, one local activity per timer, and an Update's workflow task runs none (which cost it a
  //   second activation and the activity's time before the Update replied);
  // - wake the main loop with a promise that whatever makes it due resolves (the case turning dirty, a timer), not
  //   with condition(): the SDK calls into the workflow's context once more for each condition that unblocks, and
  //   each call costs the worker a watchdog thread (~150 µs on the 2-core machine).
  const timedRelease = steps !== undefined && since('steps-on-flush-timer');
  const promised = timedRelease;
  let wakeLoop: (() => void) | undefined;
  const poke = (): void => {
    const wake = wakeLoop;
    wakeLoop = undefined;
    wake?.();
  };
  let flushArmed = false;
  let flushDue = false;
  /** The flush timer fired and its release has not happened yet (woken() clears flushDue before the loop releases). */
  let flushFired = false;
  const releaseSteps = (force = false): void => {
    if (!steps) return;
    if (!timedRelease || force || flushFired) {
      flushFired = false;
      steps.release(workflowInfo().historyLength, timedRelease);
    }
    if (steps.holding && !flushArmed) {
      flushArmed = true;
      void sleep(STEP_FLUSH_MS).then(() => {
        flushArmed = false;
        flushDue = true;
        flushFired = true;
        poke();
      });
    }
  };
  const woken = (): void => {
    flushDue = false;
  };
  /** Until the lanes have delivered all they were handed (held steps get their later task meanwhile). */
  const drained = async (): Promise<void> => {
    const idle = (): boolean => (lanes?.idle ?? true) && (steps?.idle ?? true) && allHandlersFinished();
    if (!steps) return condition(idle);
    while (!idle()) {
      releaseSteps(true);
      await condition(() => flushDue || idle());
      woken();
    }
  };
  const prepare = pinnedSopPreparer((hash) => local.locateSop(hash), timedRelease);
  // Histories recorded before the FIR reached the event sink replay without that record.
  const opening = refusing(() => CaseHost.start(input, { now: legalNow, recordFir: input.carried !== undefined || since('fir-in-event-sink'), prepare }));
  // Handlers are set before the SOP is resolved (a local activity, a later activation): an Update that arrives
  // with the workflow's start would otherwise find no handler and be refused. Until the case is open, reads are
  // refused and an event is checked for its shape only; its handler waits for the case.
  let opened: CaseHost | undefined;
  opening.then(
    (h) => (opened = h),
    () => undefined, // the workflow itself fails with the refusal below
  );
  const ready = (): CaseHost => {
    if (!opened) throw new Error('the case is still opening: ask again in a moment');
    return opened;
  };
  // Once open, a handler runs exactly as it always did (no extra await): saved histories pin the order in
  // which an Update completes and the main loop's commands follow.
  const whenOpen = <T>(work: (host: CaseHost) => T | Promise<T>): Promise<T> => (opened ? Promise.resolve(work(opened)) : opening.then(work));
  const whenOpenSync = <T>(work: (host: CaseHost) => T): T | Promise<T> => (opened ? work(opened) : opening.then(work));

  // One durable timer per wake-up instant, never cancelled: a timer made stale by an event just wakes the loop
  // for a no-op advance. (Cancelling a timer that fires in the same task as an update is refused by the
  // time-skipping test server, and timers left to fire cost nothing but a history event.)
  let timerFired = false;
  const armedFor = new Set<number>();
  // A timer's duration counts from when the server records it, at the end of the workflow task that armed it, not
  // from the task's start (the workflow's clock): a long task (a case's first, a replay, one waiting for its
  // local activity or for a busy worker) made the clock it armed fire that much late. Runs since 'timer-lead' arm
  // a far wake-up 2 s early (leadDelay); the wake-up then finds it not yet due and arms the rest, from a task with
  // nothing else to do. Never early: the core breaches a clock only once workflow time has reached it.
  // Runs since 'timer-stages' arm it in stages (stagedDelay): the campaign found a wake-up task that waited a second
  // behind a restarted worker's replays, which made the rest it armed fire that second late.
  // Runs since 'timer-landings' land the stages at set points before the wake-up (landingDelay), so a slow
  // stage task (the first after a worker restart) lands short of it: the campaign found 'timer-stages' clocks a
  // second late behind such tasks.
  const lead = since('timer-lead');
  const staged = lead && since('timer-stages');
  const landed = staged && since('timer-landings');
  const armTimer = (wake: number | null): void => {
    if (wake === null || armedFor.has(wake)) return;
    armedFor.add(wake);
    const delay = Math.max(1, wake - legalNow());
    void sleep(landed ? landingDelay(delay) : staged ? stagedDelay(delay) : lead ? leadDelay(delay) : delay).then(() => {
      armedFor.delete(wake);
      timerFired = true;
      poke();
    });
  };

  setHandler(caseStateQuery, () => ready().state);
  setHandler(caseViewQuery, () => ready().view());
  setHandler(advanceToNowUpdate, () =>
    whenOpenSync((host) => {
      host.advanceToNow();
      return host.view();
    }),
  );
  setHandler(escalationQuery, (id) => ready().escalation(id));
  setHandler(previewMigrationUpdate, (request) => refusing(() => whenOpen((host) => host.previewMigration(request))));
  setHandler(applyMigrationUpdate, (request) => refusing(() => whenOpen((host) => host.applyMigration(request))), { validator: (request: MigrationRequest & SopMigrationDecision) => CaseHost.validateMigrationDecision(request) });
  setHandler(appliedOverlaysQuery, () => ready().appliedOverlays);
  setHandler(allowedEventsQuery, () => ready().allowedEvents());
  setHandler(notifyHolidayUpdate, (n) => whenOpen((host) => host.notifyHoliday(n)), { validator: (n: HolidayNotification) => CaseHost.validateHoliday(n) });
  // An open case's event is applied with no promise of sopflow's own (see CaseHost.applyEvent).
  setHandler(caseEventUpdate, (request) => (opened ? refusingNow(opened, (host) => host.applyEvent(request)) : refusing(() => whenOpen((host) => host.applyEvent(request)))), {
    validator: (raw: CaseEventRequest) => (opened ? opened.validateEvent(raw) : CaseHost.validateEventShape(raw)),
  });

  const host = await opening;
  const due = (): boolean => host.dirty || timerFired || flushDue;
  const untilDue = (): Promise<unknown> => {
    if (!promised) return condition(due);
    if (due()) return Promise.resolve();
    return new Promise<void>((resolve) => (wakeLoop = resolve));
  };
  if (promised) host.onDirty = poke;
  for (;;) {
    if (host.dirty) {
      host.dirty = false;
      publish(host.state);
      if (steps) {
        // syncTasks plans the step's tasks (and their notifications) before its first await; the step is taken
        // then, in this workflow task. Before 'steps-on-flush-timer', a task start it awaits brings a later one,
        // where releaseSteps() below hands it on with no flush timer; since, the flush timer's task does.
        const starting = syncTasks(host);
        steps.push(host.takeUnsent(), projectionOf(host, since), workflowInfo().historyLength);
        await starting;
      } else {
        await syncTasks(host);
        if (lanes) lanes.push(host.takeUnsent(), projectionOf(host, since));
        else {
          await flushStep(host.takeUnsent());
          await project(host, since);
        }
      }
    }
    releaseSteps();
    if (host.closed) {
      // A closed case still answers for a while (late events are refused with the SOP's reason, reads work),
      // then the workflow completes.
      const closedSince = (host.closedSince ??= legalNow());
      if (legalNow() - closedSince >= CLOSED_CASE_RETENTION_MS) break;
      armTimer(closedSince + CLOSED_CASE_RETENTION_MS);
      await untilDue();
      woken();
      timerFired = false;
      continue;
    }
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > CONTINUE_AS_NEW_EVERY || info.historySize - inputBytes > continueAsNewBytes) {
      // The loop hands the lanes nothing more while they drain: what steps arrive meanwhile (events keep coming)
      // stays with the host and is carried, not waited for, or a busy case would never be idle enough to move on.
      await drained();
      await continueAsNew<typeof caseWorkflow>({ ...input, ...host.carry() });
    }
    armTimer(host.nextWakeUp());
    await untilDue();
    woken();
    if (timerFired) {
      timerFired = false;
      host.advanceToNow();
      host.dirty = true;
    }
  }
  // Delivered in order: what the lanes hold first, then the last step's.
  await drained();
  await flushStep(host.takeUnsent());
  await project(host, since);
  return host.state;
}

async function syncTasks(host: CaseHost): Promise<void> {
  for (const { taskId, action, snapshot } of host.syncTasks()) {
    const start = (): Promise<unknown> =>
      startChild(escalationTaskWorkflow, {
        workflowId: taskId,
        args: [snapshot],
        // A supervisor's record of a task must survive the case workflow continuing as new or closing.
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
    if (action === 'start') {
      await start();
      continue;
    }
    try {
      await getExternalWorkflowHandle(taskId).signal(taskSnapshotSignal, snapshot);
    } catch {
      // The task workflow already finished (its escalation was closed) and a back-dated event changed that
      // escalation again: a failed signal must not fail the case. A live escalation gets its task back.
      if (isLiveEscalation(snapshot.escalation)) await start();
    }
  }
}

async function flush(unsent: Unsent): Promise<void> {
  if (unsent.events.length > 0) await io.recordCaseEvents(unsent.events);
  if (unsent.notifications.length > 0) await io.sendNotifications(unsent.notifications);
}

/**
 * The step's effects (one batch per update or timer step, however many effects it had) into the read model.
 * Histories recorded before the read model replay without this activity (patch 'read-model-projection'): their
 * effects are dropped, not carried forever.
 */
async function project(host: CaseHost, since: (patch: SettledPatch) => boolean): Promise<void> {
  const batch = projectionOf(host, since);
  if (batch) await io.projectCaseEffects(batch);
}

/** The step's read-model batch, if this history projects at all. */
function projectionOf(host: CaseHost, since: (patch: SettledPatch) => boolean): ProjectionBatch | undefined {
  const batch = host.takeProjection();
  return batch && since('read-model-projection') ? batch : undefined;
}

async function projectBatch(batch: ProjectionBatch): Promise<void> {
  await projecting.projectCaseEffects(batch);
}

async function recordStep(step: StepRecords): Promise<void> {
  await localStep.recordCaseStep(step);
}

async function notify(notifications: Unsent['notifications']): Promise<void> {
  await io.sendNotifications(notifications);
}

/** One step's records, events through a local activity (a local file sink) and notifications, when any, through
 * the server (webhook deliveries are slow and retried for minutes): at most one of each per step, never per record. */
async function flushLean(unsent: Unsent): Promise<void> {
  if (unsent.events.length > 0) await local.recordCaseEvents(unsent.events);
  if (unsent.notifications.length > 0) await io.sendNotifications(unsent.notifications);
}

type SearchAttributePairs = Parameters<typeof upsertSearchAttributes>[0];

function caseSearchAttributes(state: CaseState): SearchAttributePairs {
  return [
    { key: SA.recordKind, value: 'case' },
    { key: SA.province, value: state.facts.province },
    { key: SA.district, value: state.facts.district },
    { key: SA.policeStation, value: state.facts.policeStation },
    { key: SA.stage, value: state.stage },
    { key: SA.offenceClass, value: state.facts.offence.class },
    { key: SA.inCustody, value: state.facts.accused.inCustody },
  ];
}

/** Upserts only the attributes whose value changed since this run last wrote them (most steps change none). */
function changedSearchAttributePublisher(): (state: CaseState) => void {
  const written = new Map<string, unknown>();
  return (state) => {
    const changed = (caseSearchAttributes(state) as { key: { name: string }; value: unknown }[]).filter((p) => written.get(p.key.name) !== p.value);
    if (changed.length === 0) return;
    upsertSearchAttributes(changed as SearchAttributePairs);
    for (const p of changed) written.set(p.key.name, p.value);
  };
}

function publishSearchAttributes(state: CaseState): void {
  upsertSearchAttributes(caseSearchAttributes(state));
}
