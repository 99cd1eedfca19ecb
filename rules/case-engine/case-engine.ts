// The case engine's steps: open a case, apply events (idempotent, back-dating aware), let time pass. Pure and
// deterministic: the same SOP, facts and events give the same state in a workflow, in the simulator and in a
// test. Every step returns a new state and the effects it had; the input state is never modified.
import type { CompiledSop } from '../compiler/compile-sop';
import type { CaseFacts } from '../schema/case-facts';
import type { Instant } from '../legal-time/types';
import { FIR_EVENT_TYPE, type CaseEventInput, type CaseState, type LoggedEvent, type SopMigrationRecord } from './case-state';
import { applyOneEvent, eventTypeOf } from './apply-event';
import { advanceTo, nextTimerAt } from './timers';
import { jsonClone } from '../util/json-clone';
import { DiscardedEffects, EffectLog, type CaseEffect } from './effects';
import { reconcile } from './reconcile';
import { isLiveEscalation } from './escalations';
import { factsRefusal } from './facts-check';
import { followFacts } from './overlay-selection';
import { canonicalJson } from '../compiler/canonical-json';
import { asPromise } from '../util/as-promise';

/** A step's result: the next state, and what happened on the way there, in order. */
export interface Step {
  state: CaseState;
  effects: CaseEffect[];
}

/** `sop` is the SOP that governs the case after the step: facts an event teaches can change its overlays. */
export type ApplyOutcome =
  | { status: 'applied'; state: CaseState; effects: CaseEffect[]; sop: CompiledSop }
  | { status: 'duplicate'; state: CaseState; effects: []; sop: CompiledSop }
  | { status: 'rejected'; reason: string; state: CaseState; effects: []; sop: CompiledSop; conflict?: 'id-reused' };

const factsCause = (event: CaseEventInput): string => `facts given with ${event.type} (${event.id})`;

/**
 * A new state the core may change freely. What the core changes in place (running clocks, open escalations,
 * gate failure counts) is deep-copied; the append-only records (log, timeline, gate results) get new arrays
 * over the same entries, and facts, ended clock runs and finished escalations are shared, because the core
 * never modifies them again (it records JSON-clean copies: see apply-event.ts). Copying the whole history on
 * every event made a case's cost grow with the square of its length.
 */
function copy(state: CaseState): CaseState {
  return {
    ...state,
    log: state.log.slice(),
    timeline: state.timeline.slice(),
    gateResults: state.gateResults.slice(),
    clocks: state.clocks.map((c) => (c.status === 'met' || c.status === 'cancelled' ? c : jsonClone(c))),
    escalations: state.escalations.map((e) => (isLiveEscalation(e) ? jsonClone(e) : e)),
    gateFailures: { ...state.gateFailures },
  };
}

function emptyState(sop: CompiledSop, facts: CaseState['facts'], firAt: Instant): CaseState {
  return {
    sopHash: sop.sopHash,
    caseSopHash: sop.caseSopHash,
    openedAt: firAt,
    initialFacts: facts,
    facts,
    stage: sop.initialStage,
    log: [],
    nextSeq: 0,
    clocks: [],
    escalations: [],
    gateResults: [],
    gateFailures: {},
    timeline: [],
    now: firAt,
  };
}

/**
 * Opens a case at the FIR's registration: the FIR is the first event, and its clocks start from it. `facts`
 * are the parsed facts `sop` was compiled for (see `prepareCase`), so they are parsed once. `before` are events
 * known at opening that happened before the FIR (only types the SOP marks `beforeFir`), applied at their times.
 */
export function openCase(sop: CompiledSop, facts: CaseFacts, firAt: Instant, firEventId = 'fir', before: CaseEventInput[] = []): Promise<Step> {
  return asPromise(() => openCaseSync(sop, facts, firAt, firEventId, before));
}

/**
 * How a step treats the state it is given. By default (the workflow's view) the state is immutable by contract
 * and each step returns a new one. `inPlace` is for a host that owns the state and never looks back at an
 * older one (the simulator): the step changes the given state itself and returns it, with no copying.
 */
export interface StepOptions {
  inPlace?: boolean;
  /** A host that reads only states (the simulator's KPIs) may have the effects left out: the steps return none. */
  discardEffects?: boolean;
  /**
   * The host builds each event it sends from plain JSON values and never changes or reuses it afterwards (the
   * simulator's agents): the log records the event as given instead of a JSON-clean copy of it.
   */
  handsOverEvents?: boolean;
  /**
   * `false`: the host reads the state's numbers only (the simulator's KPIs), not its narrative, so the step writes
   * none: the timeline keeps its stage changes alone and gate results keep no rule outcomes (see EffectLog).
   * A case's clocks, escalations, log and verdicts are the same either way.
   */
  narrative?: boolean;
}

const effectLog = (options: StepOptions): EffectLog => {
  const narrates = options.narrative !== false;
  return options.discardEffects ? new DiscardedEffects(narrates) : new EffectLog(narrates);
};

/** `openCase`, synchronously. */
export function openCaseSync(sop: CompiledSop, facts: CaseFacts, firAt: Instant, firEventId = 'fir', before: CaseEventInput[] = [], options: StepOptions = {}): Step {
  const refusal = factsRefusal(sop, facts);
  if (refusal) throw new Error(`cannot open the case: ${refusal}`);
  const state = emptyState(sop, facts, firAt);
  // Holidays notified before the case opened are in its calendars (sop carries them) and in its record, so a
  // later delivery of the same notice is a duplicate and continue-as-new keeps them.
  const notified = sop.notifications.filter((n) => n.province === sop.province);
  if (notified.length > 0) state.notifiedHolidays = jsonClone(notified);
  const fx = effectLog(options);
  const verdict = applyOneEvent(sop, state, { id: firEventId, type: FIR_EVENT_TYPE, at: firAt }, fx);
  if (!verdict.ok) throw new Error(`cannot open the case: ${verdict.reason}`);
  let step: Step = { state, effects: fx.effects };
  for (const event of before) {
    const outcome = applyEventSync(sop, step.state, event, options);
    if (outcome.status === 'rejected') throw new Error(`cannot open the case: event ${event.id}: ${outcome.reason}`);
    step = { state: outcome.state, effects: [...step.effects, ...outcome.effects] };
  }
  return step;
}

function inEffectiveOrder(a: LoggedEvent, b: LoggedEvent): number {
  return a.at - b.at || a.seq - b.seq;
}

/** Rebuilds a case from its log: how back-dated events take effect, with every later effect re-derived. */
function refold(given: CompiledSop, from: CaseState, log: LoggedEvent[], until: Instant): { state: CaseState; sop: CompiledSop } | { failed: LoggedEvent; reason: string } {
  // The overlays follow the facts through the log, as they did when the events arrived.
  let sop = given.recompileSync({ facts: from.initialFacts });
  // The FIR opens the case, so it is folded first; events the SOP allows before it (a seizure, an arrest on the
  // spot) follow at their true times, so the clocks they start run from when they happened.
  const fir = log.find((e) => e.type === FIR_EVENT_TYPE);
  if (!fir) return { failed: log[0]!, reason: 'the case has no FIR' };
  const rest = log.filter((e) => e !== fir).sort(inEffectiveOrder);
  const early = rest.find((e) => e.at < fir.at && !eventTypeOf(sop, e.type)?.beforeFir);
  if (early) return { failed: early, reason: beforeFirRefusal(sop, early.type) };
  const state = emptyState(sop, from.initialFacts, fir.at);
  // What a refold does is the difference between the case before and after it (see reconcile), not its replay.
  const fx = new DiscardedEffects();
  const firVerdict = applyOneEvent(sop, state, fir, fx);
  if (!firVerdict.ok) return { failed: fir, reason: firVerdict.reason };
  for (const event of rest) {
    advanceTo(sop, state, event.at, fx);
    const before = state.facts;
    const verdict = applyOneEvent(sop, state, event, fx);
    if (!verdict.ok) return { failed: event, reason: verdict.reason };
    sop = followFacts(sop, state, before, event.at, factsCause(event), fx);
  }
  // Keep arrival numbering so ties keep their order in later refolds.
  state.log = state.log.map((e, i) => ({ ...e, seq: [fir, ...rest][i]!.seq }));
  state.nextSeq = from.nextSeq + 1;
  advanceTo(sop, state, until, fx);
  // Holidays notified to the case stay in its calendars (sop carries them) and in its record.
  if (from.notifiedHolidays?.length) state.notifiedHolidays = from.notifiedHolidays;
  // Events from before the FIR were folded after it: put the timeline back in time order (a stable sort).
  if (rest.some((e) => e.at < fir.at)) state.timeline.sort((a, b) => a.at - b.at);
  // A case's SOP migrations are part of its record, whatever later refolds re-derive.
  if (from.migrations?.length) {
    state.migrations = from.migrations;
    for (const m of from.migrations) state.timeline.push(migrationTimelineEntry(m));
    state.timeline.sort((a, b) => a.at - b.at);
  }
  return { state, sop };
}

export function migrationTimelineEntry(m: SopMigrationRecord): CaseState['timeline'][number] {
  return { at: m.at, kind: 'stage', text: `SOP migrated from ${m.fromVersion} to ${m.toVersion} by ${m.by}: ${m.reason}`, ref: m.toSopHash };
}

/**
 * The case as it would stand had `sop` governed it from the FIR: its log replayed under `sop`, up to `until`.
 * How a migration to a new SOP version is previewed and applied.
 */
export function rebuildUnder(sop: CompiledSop, current: CaseState, until: Instant): Promise<{ ok: true; state: CaseState } | { ok: false; reason: string }> {
  const result = refold(sop, current, current.log, until);
  if ('state' in result) {
    result.state.nextSeq = current.nextSeq;
    return Promise.resolve({ ok: true, state: result.state });
  }
  return Promise.resolve({ ok: false, reason: `event ${result.failed.type} (${result.failed.id}) is not valid under the new SOP: ${result.reason}` });
}

/**
 * A resend is the same event: same type, facts and data. Its time is not compared: a sender that lets the
 * receiver stamp the arrival time (no `at`) gets a different time on every resend.
 */
function sameContent(logged: CaseEventInput, event: CaseEventInput): boolean {
  const content = (e: CaseEventInput): string => canonicalJson({ type: e.type, facts: e.facts ?? null, data: e.data ?? null });
  return content(logged) === content(event);
}

function beforeFirRefusal(sop: CompiledSop, type: string): string {
  const allowed = sop.eventTypes.filter((t) => t.beforeFir).map((t) => t.type);
  return `${type} cannot be dated before the FIR${allowed.length > 0 ? ` (events that may precede it: ${allowed.join(', ')})` : ''}`;
}

/** The logged event with this id (the first), and the latest effective time of any logged event. */
interface LogLookup {
  seen: LoggedEvent | undefined;
  lastAt: Instant;
}

/** One pass over the log for both the resend check and the latest event time. */
function scannedLookup(state: CaseState, id: string): LogLookup {
  let seen: LoggedEvent | undefined;
  let lastAt = state.openedAt;
  for (const e of state.log) {
    if (e.id === id) seen ??= e;
    if (e.at > lastAt) lastAt = e.at;
  }
  return { seen, lastAt };
}

interface LogIndex {
  /** How many entries of the log the index covers. */
  covered: number;
  byId: Map<string, LoggedEvent>;
  lastAt: Instant;
}

// A host that owns its states (inPlace) keeps one log array per case across steps, and the core only appends to
// it (a refold builds a new array), so an index per array stays right by catching up on the entries added since.
// The scan it replaces walked the whole log on every event: the largest single item in the simulator's profile.
const logIndexes = new WeakMap<LoggedEvent[], LogIndex>();

function indexedLookup(state: CaseState, id: string): LogLookup {
  let index = logIndexes.get(state.log);
  if (!index || index.covered > state.log.length) logIndexes.set(state.log, (index = { covered: 0, byId: new Map(), lastAt: Number.NEGATIVE_INFINITY }));
  for (; index.covered < state.log.length; index.covered++) {
    const e = state.log[index.covered]!;
    if (!index.byId.has(e.id)) index.byId.set(e.id, e);
    if (e.at > index.lastAt) index.lastAt = e.at;
  }
  return { seen: index.byId.get(id), lastAt: Math.max(state.openedAt, index.lastAt) };
}

export function applyEvent(sop: CompiledSop, current: CaseState, event: CaseEventInput): Promise<ApplyOutcome> {
  return Promise.resolve(applyEventSync(sop, current, event));
}

/**
 * `applyEvent`, synchronously. With `inPlace` the given state becomes the next one (see StepOptions); an event
 * refused after time has passed leaves the state advanced to the event's time, which is what the next step
 * would do first anyway.
 */
export function applyEventSync(sop: CompiledSop, current: CaseState, event: CaseEventInput, options: StepOptions = {}): ApplyOutcome {
  const rejected = (reason: string, state: CaseState): ApplyOutcome => ({ status: 'rejected', reason, state, effects: [], sop });
  const { seen, lastAt } = options.inPlace ? indexedLookup(current, event.id) : scannedLookup(current, event.id);
  if (seen) {
    if (sameContent(seen, event)) return { status: 'duplicate', state: current, effects: [], sop };
    return { status: 'rejected', reason: `event id ${event.id} is already used by a different event (${seen.type}); use a new id`, state: current, effects: [], sop, conflict: 'id-reused' };
  }
  if (event.type === FIR_EVENT_TYPE) return rejected('the FIR is registered when the case opens', current);
  if (!Number.isFinite(event.at)) return rejected('event time is not a valid instant', current);

  if (event.at >= current.now && event.at >= lastAt) {
    const before = current.facts;
    const state = options.inPlace ? current : copy(current);
    const fx = effectLog(options);
    advanceTo(sop, state, event.at, fx);
    const verdict = applyOneEvent(sop, state, event, fx, options.handsOverEvents === true);
    if (!verdict.ok) return rejected(verdict.reason, current);
    const next = followFacts(sop, state, before, event.at, factsCause(event), fx);
    return { status: 'applied', state, effects: fx.effects, sop: next };
  }
  if (event.at < current.openedAt && !eventTypeOf(sop, event.type)?.beforeFir) return rejected(beforeFirRefusal(sop, event.type), current);
  const result = refold(sop, current, [...current.log, { ...event, seq: current.nextSeq }], Math.max(current.now, event.at));
  if ('state' in result) {
    const fx = new EffectLog();
    fx.event(event.id, event.type, event.at, result.state.stage, true);
    reconcile(current, result.state, Math.max(current.now, event.at), 'a back-dated event re-computed the case', fx);
    const change = result.state.overlayChanges?.at(-1);
    if (change && result.state.caseSopHash !== current.caseSopHash) fx.overlays(change);
    return { status: 'applied', state: result.state, effects: fx.effects, sop: result.sop };
  }
  const reason =
    result.failed.id === event.id
      ? result.reason
      : `back-dated to that time, it would make the later event ${result.failed.type} (${result.failed.id}) invalid: ${result.reason}`;
  return rejected(reason, current);
}

/** Lets time pass to `until`: warnings, breaches and escalation climbs due by then take effect. */
export function advanceCase(sop: CompiledSop, current: CaseState, until: Instant, options: StepOptions = {}): Step {
  const state = options.inPlace ? current : copy(current);
  const fx = effectLog(options);
  advanceTo(sop, state, until, fx);
  return { state, effects: fx.effects };
}

/** When the host should next wake the case (a warning, a breach or an SLA), or null if nothing is pending. */
export function nextWakeUp(state: CaseState): Instant | null {
  return nextTimerAt(state);
}
