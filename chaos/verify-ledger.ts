// The crash campaign's checks, against the generator's own ledger and what the stack holds once it has recovered:
// every acknowledged event applied exactly once (the cases' timelines, read through client/), one task workflow
// and one notification per idempotency id, every clock due in the run fired (its task opened) within 1 s of its
// due time or of the recovery that followed it, webhooks delivered for every notification id, and the read model
// equal to a rebuild once the projection runs in the worker.
import path from 'node:path';
import type { Client } from '@temporalio/client';
import protos from '@temporalio/proto';
import { fileCaseEventSink } from '../activities/case-event-sink';
import { fileOutbox } from '../activities/notification';
import { caseEventLog } from '../client/case-events';
import { caseView } from '../client/case-view';
import type { Ledger } from './load-generator';
import { PRODUCTION_CLOCK } from './load-generator';
import type { Outage } from './stack';
import type { WebhookReceiverLedger } from './webhook-receiver';

export const ON_TIME_MS = 1_000;

export interface Verdict {
  events: { sent: number; acknowledged: number; applied: number; lost: number; duplicated: number; unacknowledged: number; appliedUnacknowledged: number; sinkMissing: number };
  cases: { planned: number; opened: number; breachPlans: number; metPlans: number; viewErrors: number };
  tasks: { workflows: number; duplicated: number; missing: number; unexpected: number };
  clocks: { due: number; fired: number; onArrival: number; interrupted: number; late: number; unfired: number; wrongOutcome: number; maxLatenessMs: number; p50LatenessMs: number; maxAfterRestartMs: number; lateExamples: string[]; p90LatenessMs: number; p99LatenessMs: number; lateTraces: string[] };
  notifications: { total: number; duplicated: number };
  webhooks: { ids: number; delivered: number; missing: number; unexpected: number; redeliveries: number; refused: number };
  readModel: { status: 'equal' | 'different' | 'not-wired'; detail: string };
  problems: string[];
}

/**
 * How long Temporal takes to hand a killed process's work to the new one, whatever is running again: a workflow
 * task the dead worker (or a killed server) had in hand times out after the default workflow task timeout, 10 s;
 * for as long (the server's sticky-poller window) new tasks of the cases it had cached still go to its sticky
 * queue, and wait there STICKY_SCHEDULE_TO_START (worker/create-worker.ts) before any worker may take them.
 */
export const TASK_HANDOVER_MS = 10_000 + 1_000;

/**
 * The earliest instant at or after `t` when neither the dev server nor the worker was down (what a timer needs);
 * with `handover`, an outage lasts at least until the dead process's in-flight tasks were handed over.
 * `inFlight`: a clock due at `t` whose task was not yet opened when a kill came within this long after `t` was in
 * the hands of the killed process, and what it had done was lost with it: it too counts from the recovery. A kill
 * later than that finds the clock late already, and it counts from `t`.
 */
export function recoveredAt(t: number, outages: readonly Outage[], handover = true, inFlight?: { openedAt: number; withinMs: number }): number {
  let at = t;
  for (let changed = true; changed; ) {
    changed = false;
    for (const o of outages) {
      if (o.part === 'api') continue;
      const end = o.upAt === undefined ? Infinity : Math.max(o.upAt, handover ? o.downAt + TASK_HANDOVER_MS : 0);
      const interrupted = inFlight !== undefined && at === t && t < o.downAt && o.downAt <= t + inFlight.withinMs && o.downAt < inFlight.openedAt;
      if ((o.downAt <= at && at < end) || interrupted) {
        at = end;
        changed = true;
      }
    }
  }
  return at;
}

const { temporal } = protos;

/** Late clocks whose histories are read for where their time went. */
const LATE_TRACED = 12;

const EVENT_NAMES: Record<number, string> = {
  [temporal.api.enums.v1.EventType.EVENT_TYPE_TIMER_FIRED]: 'timer fired',
  [temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED]: 'task scheduled',
  [temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED]: 'started',
  [temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED]: 'completed',
  [temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT]: 'TIMED OUT',
  [temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED]: 'FAILED',
  [temporal.api.enums.v1.EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED]: 'child asked',
};

/** The case's history from a little before `from` to the task workflow's start, as offsets from `from`. */
async function traceAfter(client: Client, caseId: string, from: number): Promise<string> {
  try {
    const history = await client.workflow.getHandle(caseId).fetchHistory();
    const out: string[] = [];
    for (const e of history.events ?? []) {
      const at = Number(e.eventTime?.seconds ?? 0) * 1000 + Math.floor((e.eventTime?.nanos ?? 0) / 1e6);
      const name = EVENT_NAMES[e.eventType ?? 0];
      if (!name || at < from - 15_000) continue;
      const timeout = e.workflowTaskTimedOutEventAttributes?.timeoutType;
      out.push(`${name}${timeout ? ` (${temporal.api.enums.v1.TimeoutType[timeout]})` : ''} ${at - from >= 0 ? '+' : ''}${at - from}`);
      if (e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED) break;
    }
    return out.join(', ') + ' (ms)';
  } catch (err) {
    return `history unreadable: ${(err as Error).message}`;
  }
}

async function poll<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 500));
  }
}

const percentile = (xs: number[], p: number): number => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
};

export async function verifyLedger(input: {
  client: Client;
  dataDir: string;
  ledger: Ledger;
  outages: readonly Outage[];
  receiver: WebhookReceiverLedger;
  /** How late a clock may fire after its due time or the recovery after it (default ON_TIME_MS). */
  onTimeMs?: number;
  /** Checks the read model against a rebuild; undefined while the projection is not part of the worker. */
  readModel?: () => Promise<{ equal: boolean; detail: string }>;
}): Promise<Verdict> {
  const { client, ledger } = input;
  const problems: string[] = [];
  const opened = ledger.cases.filter((c) => c.opened && c.caseId);
  const checkedAt = Date.now();

  // 1. Task workflows, read from visibility before any case view (a view records due breaches itself). A worker
  // still behind after the last restart gets a minute to catch up: a task it opens then counts as late, not lost.
  const expectedCauses = new Set(opened.filter((c) => c.taskId).map((c) => c.taskId!.replace(/#\d+$/, '')));
  const listTasks = async (): Promise<Map<string, number[]>> => {
    const found = new Map<string, number[]>();
    for await (const wf of client.workflow.list({ query: "SopflowRecordKind = 'escalation'" })) {
      const cause = wf.workflowId.replace(/#\d+$/, '');
      found.set(cause, [...(found.get(cause) ?? []), wf.startTime.getTime()]);
    }
    return found;
  };
  const taskStarts = await poll(listTasks, (found) => [...expectedCauses].every((c) => found.has(c)), 60_000);
  const workflows = [...taskStarts.values()].reduce((n, s) => n + s.length, 0);
  const duplicatedTasks = [...taskStarts.values()].filter((s) => s.length > 1).length;
  const unexpectedTasks = [...taskStarts.keys()].filter((k) => !expectedCauses.has(k));
  if (unexpectedTasks.length) problems.push(`task workflows no plan expected: ${unexpectedTasks.slice(0, 3).join(', ')}`);

  // 2. Clocks: each breach plan's task opened within 1 s of max(due, recovery after due or after a kill that
  // interrupted its firing, arrival of a late arrest).
  const arrestAck = new Map(ledger.events.filter((e) => e.eventId.startsWith('arrest-')).map((e) => [e.caseId, e]));
  const lateness: number[] = [];
  const afterRestart: number[] = [];
  const lateExamples: string[] = [];
  const lateCases: { caseId: string; expected: number }[] = [];
  let due = 0;
  let fired = 0;
  let late = 0;
  let missingTasks = 0;
  let onArrival = 0;
  let interrupted = 0;
  for (const c of opened) {
    if (c.plan !== 'breach' || !arrestAck.get(c.caseId!)?.acknowledged) continue;
    due++;
    const starts = taskStarts.get(c.taskId!.replace(/#\d+$/, ''));
    if (!starts) {
      missingTasks++;
      continue;
    }
    fired++;
    const ack = arrestAck.get(c.caseId!)!;
    if (ack.ackAt! > c.dueAt!) {
      // The arrest arrived after its clock's due time (held up by an outage): no timer ran, the case breached
      // the clock as it applied the event (the outcome is checked below with the rest).
      onArrival++;
      continue;
    }
    // An arrest that arrived after its clock's due time breaches it on arrival: the answer is the bound.
    const openedAt = Math.min(...starts);
    // A kill within a second of the due time interrupts the clock's own firing, whatever the tolerance checked.
    const inFlight = { openedAt, withinMs: ON_TIME_MS };
    const expected = recoveredAt(c.dueAt!, input.outages, true, inFlight);
    if (expected !== recoveredAt(c.dueAt!, input.outages)) interrupted++;
    const ms = openedAt - expected;
    afterRestart.push(openedAt - recoveredAt(c.dueAt!, input.outages, false, inFlight));
    lateness.push(ms);
    if (ms > (input.onTimeMs ?? ON_TIME_MS)) {
      late++;
      if (lateExamples.length < 5) lateExamples.push(`${c.caseId}: task opened ${ms} ms after ${new Date(expected).toISOString()} (due ${new Date(c.dueAt!).toISOString()})`);
      if (lateCases.length < LATE_TRACED) lateCases.push({ caseId: c.caseId!, expected });
    }
  }
  // Where a late clock's time went, read from its case's history: when its timer fired, and the workflow tasks
  // (each scheduled, started, and completed or timed out) until the task workflow was asked for.
  const lateTraces: string[] = [];
  for (const { caseId, expected } of lateCases) lateTraces.push(`${caseId}: ${await traceAfter(client, caseId, expected)}`);

  // 3. Every case's timeline: each acknowledged event once; the production clock's outcome as planned.
  const applied = new Map<string, number>();
  const timelineShown = new Map<string, number>();
  let viewErrors = 0;
  let unfired = 0;
  let wrongOutcome = 0;
  for (const c of opened) {
    try {
      const view = await caseView(client, c.caseId!);
      if (view.timelineOmitted) problems.push(`${c.caseId}: the view left out ${view.timelineOmitted} timeline entries`);
      // The log is the case's record of what it applied (task actions included); the timeline shows case events.
      for (const entry of await caseEventLog(client, c.caseId!)) applied.set(`${c.caseId}|${entry.id}`, (applied.get(`${c.caseId}|${entry.id}`) ?? 0) + 1);
      for (const entry of view.timeline) {
        if (entry.kind !== 'event' || !entry.ref) continue;
        const shown = (timelineShown.get(`${c.caseId}|${entry.ref}`) ?? 0) + 1;
        timelineShown.set(`${c.caseId}|${entry.ref}`, shown);
        if (shown > 1) problems.push(`${c.caseId}: the timeline shows event ${entry.ref} ${shown} times`);
      }
      for (const clock of view.clocks) {
        if (clock.status === 'running' && clock.dueAt !== null && clock.dueAt < checkedAt) unfired++;
      }
      const production = view.clocks.find((k) => k.clockId === PRODUCTION_CLOCK);
      const want = c.plan === 'breach' ? 'breached' : 'met';
      if (arrestAck.get(c.caseId!)?.acknowledged && production?.status !== want) {
        wrongOutcome++;
        if (wrongOutcome <= 3) problems.push(`${c.caseId}: ${PRODUCTION_CLOCK} is ${production?.status ?? 'absent'}, expected ${want}`);
      }
    } catch (err) {
      viewErrors++;
      if (viewErrors <= 3) problems.push(`${c.caseId}: view failed: ${(err as Error).message}`);
    }
  }
  // A task action is an event of the case too: its Idempotency-Key is the event id the case logs.
  const loggedCount = (caseId: string, eventId: string): number => applied.get(`${caseId}|${eventId}`) ?? 0;
  const acked = ledger.events.filter((e) => e.acknowledged);
  const lost = acked.filter((e) => loggedCount(e.caseId, e.eventId) === 0);
  const duplicated = ledger.events.filter((e) => loggedCount(e.caseId, e.eventId) > 1);
  const unacked = ledger.events.filter((e) => !e.acknowledged);
  for (const e of lost.slice(0, 3)) problems.push(`lost: ${e.caseId} ${e.eventId} (${e.type}) was acknowledged (${e.answer}) but is not in the case`);
  for (const e of duplicated.slice(0, 3)) problems.push(`duplicated: ${e.caseId} ${e.eventId} appears ${loggedCount(e.caseId, e.eventId)} times`);
  for (const e of unacked.slice(0, 3)) problems.push(`unacknowledged: ${e.caseId} ${e.eventId}: ${e.failure ?? 'no answer'}`);

  // The case-event sink (KPIs, warehouse) has every applied case event once (it is keyed by case and event id).
  // Records go out beside the case's loop: one held by a killed worker's activity arrives once Temporal retries it.
  const sinkStore = fileCaseEventSink(path.join(input.dataDir, 'case-events')).store;
  const missingFromSink = async (): Promise<number> => {
    const sink = new Set((await sinkStore.list()).map((r) => `${r.record.caseId}|${r.record.eventId}`));
    return acked.filter((e) => e.via === 'event' && !sink.has(`${e.caseId}|${e.eventId}`)).length;
  };
  const sinkMissing = await poll(missingFromSink, (n) => n === 0, 90_000);

  // 4. Notifications: one id per task and change (the outbox is keyed by id; a second id for one change is a duplicate).
  const outbox = (await fileOutbox(path.join(input.dataDir, 'outbox', 'notifications')).store.list()).map((r) => r.record);
  const perChange = new Map<string, Set<string>>();
  for (const n of outbox) {
    const key = `${n.taskId}|${n.kind}|${n.level}`;
    perChange.set(key, (perChange.get(key) ?? new Set()).add(n.id));
  }
  const duplicatedNotifications = [...perChange.values()].filter((ids) => ids.size > 1).length;

  // 5. Webhooks: every Punjab notification id reached the receiver (retries still in flight get a minute).
  const punjabIds = new Set(outbox.filter((n) => n.to.province === 'punjab').map((n) => n.id));
  await poll(
    () => Promise.resolve([...punjabIds].filter((id) => !input.receiver.actedOn.has(id)).length),
    (missing) => missing === 0,
    60_000,
  );
  const webhookMissing = [...punjabIds].filter((id) => !input.receiver.actedOn.has(id)).length;
  const webhookUnexpected = [...input.receiver.actedOn].filter((id) => !punjabIds.has(id)).length;

  // 6. The read model against a rebuild.
  let readModel: Verdict['readModel'] = { status: 'not-wired', detail: 'the projection is not part of the worker yet: nothing to compare' };
  if (input.readModel) {
    const r = await input.readModel();
    readModel = { status: r.equal ? 'equal' : 'different', detail: r.detail };
  }

  return {
    events: {
      sent: ledger.events.length,
      acknowledged: acked.length,
      applied: ledger.events.filter((e) => loggedCount(e.caseId, e.eventId) === 1).length,
      lost: lost.length,
      duplicated: duplicated.length,
      unacknowledged: unacked.length,
      appliedUnacknowledged: unacked.filter((e) => loggedCount(e.caseId, e.eventId) > 0).length,
      sinkMissing,
    },
    cases: { planned: ledger.cases.length, opened: opened.length, breachPlans: opened.filter((c) => c.plan === 'breach').length, metPlans: opened.filter((c) => c.plan === 'met').length, viewErrors },
    tasks: { workflows, duplicated: duplicatedTasks, missing: missingTasks, unexpected: unexpectedTasks.length },
    clocks: { due, fired, onArrival, interrupted, late, unfired, wrongOutcome, maxLatenessMs: lateness.length ? Math.max(...lateness) : 0, p50LatenessMs: percentile(lateness, 0.5), maxAfterRestartMs: afterRestart.length ? Math.max(...afterRestart) : 0, lateExamples, p90LatenessMs: percentile(lateness, 0.9), p99LatenessMs: percentile(lateness, 0.99), lateTraces },
    notifications: { total: outbox.length, duplicated: duplicatedNotifications },
    webhooks: {
      ids: punjabIds.size,
      delivered: punjabIds.size - webhookMissing,
      missing: webhookMissing,
      unexpected: webhookUnexpected,
      redeliveries: input.receiver.arrivals.length - input.receiver.actedOn.size,
      refused: input.receiver.refused,
    },
    readModel,
    problems,
  };
}

/** True when the campaign kept every promise. */
export function passed(v: Verdict): boolean {
  return (
    v.events.lost === 0 &&
    v.events.duplicated === 0 &&
    v.events.unacknowledged === 0 &&
    v.events.sinkMissing === 0 &&
    v.cases.opened === v.cases.planned &&
    v.cases.viewErrors === 0 &&
    v.tasks.duplicated === 0 &&
    v.tasks.missing === 0 &&
    v.tasks.unexpected === 0 &&
    v.clocks.late === 0 &&
    v.clocks.unfired === 0 &&
    v.clocks.wrongOutcome === 0 &&
    v.notifications.duplicated === 0 &&
    v.webhooks.missing === 0 &&
    v.webhooks.unexpected === 0 &&
    v.readModel.status !== 'different'
  );
}
