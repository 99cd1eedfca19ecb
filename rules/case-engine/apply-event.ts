// Applies one event to a case whose timers have been processed up to the event's time: validates it against
// the SOP, merges facts, runs gates, moves the stage through the xstate machine, and updates clocks.
import type { CompiledSop, EffectiveClock, EffectiveGate } from '../compiler/compile-sop';
import { objectionsOf } from '../compiler/rule-outcomes';
import { accusedIds, caseFacts, factsFor, type CaseFacts } from '../schema/case-facts';
import { mergeFacts } from '../schema/merge-facts';
import { factsIssue, factsRefusal } from './facts-check';
import type { Trigger } from '../schema/clock';
import { pauseGroundOf, resumeGroundOf } from '../schema/trigger-grounds';
import {
  FIR_EVENT_TYPE,
  SUPERVISOR_EVENT_TYPES,
  type CaseEventInput,
  type CaseState,
  type ClockInstance,
  type GateResult,
  type SupervisorEventType,
} from './case-state';
import { accusedOfRun, activeInstance, changeGrounds, openGrounds, clockSpec, endInstance, refreshDue, startInstance } from './clock-instances';
import { accusedRefusal, concerns, covers, patchFor } from './accused';
import { closeEscalationsFor, isLiveEscalation, openEscalation, reassign } from './escalations';
import type { EffectLog } from './effects';
import { jsonClone } from '../util/json-clone';

export type Verdict = { ok: true } | { ok: false; reason: string };

const IMMUTABLE_FACTS = ['province', 'district', 'policeStation', 'fir'] as const;

type StageSpecOf = CompiledSop['stages'][number];
type EventTypeOf = CompiledSop['eventTypes'][number];

// Stage and event-type lookups by id, indexed once per SOP (the arrays are shared by every case of a bundle):
// every event looks up its stage and type several times. The first of a repeated id wins, as with find.
const stagesById = new WeakMap<CompiledSop['stages'], ReadonlyMap<string, StageSpecOf>>();
const eventTypesById = new WeakMap<CompiledSop['eventTypes'], ReadonlyMap<string, EventTypeOf>>();

function firstById<T>(items: readonly T[], id: (item: T) => string): Map<string, T> {
  const out = new Map<string, T>();
  for (const item of items) if (!out.has(id(item))) out.set(id(item), item);
  return out;
}

export function stageOf(sop: CompiledSop, id: string): StageSpecOf | undefined {
  let byId = stagesById.get(sop.stages);
  if (!byId) stagesById.set(sop.stages, (byId = firstById(sop.stages, (s) => s.id)));
  return byId.get(id);
}

export function eventTypeOf(sop: CompiledSop, type: string): EventTypeOf | undefined {
  let byId = eventTypesById.get(sop.eventTypes);
  if (!byId) eventTypesById.set(sop.eventTypes, (byId = firstById(sop.eventTypes, (e) => e.type)));
  return byId.get(type);
}

interface StageEvents {
  allowed: readonly string[];
  has: ReadonlySet<string>;
}

// What each stage allows depends on the SOP's stages and event types alone (shared by every case compiled from
// one bundle), so it is worked out once per stage instead of on every event.
const stageEventsBySop = new WeakMap<CompiledSop['eventTypes'], WeakMap<StageSpecOf, StageEvents>>();

function stageEvents(sop: CompiledSop, stage: StageSpecOf): StageEvents {
  let byStage = stageEventsBySop.get(sop.eventTypes);
  if (!byStage) stageEventsBySop.set(sop.eventTypes, (byStage = new WeakMap()));
  let found = byStage.get(stage);
  if (!found) {
    const types = new Set<string>(stage.on.map((t) => t.event));
    for (const e of sop.eventTypes) if (e.anyStage) types.add(e.type);
    for (const t of SUPERVISOR_EVENT_TYPES) types.add(t);
    byStage.set(stage, (found = { allowed: [...types], has: types }));
  }
  return found;
}

/** The events the SOP allows in the case's current stage. */
export function allowedEventTypes(sop: CompiledSop, state: CaseState): string[] {
  const stage = stageOf(sop, state.stage)!;
  if (stage.kind === 'final') return [];
  return [...stageEvents(sop, stage).allowed];
}

/** Why an event of this type cannot be applied in the case's current stage, or null when it can. */
export function eventRefusal(sop: CompiledSop, state: CaseState, type: string): string | null {
  const stage = stageOf(sop, state.stage)!;
  if (stage.kind === 'final') return `the case is ${stage.label.toLowerCase()}: no further events are accepted`;
  if ((SUPERVISOR_EVENT_TYPES as readonly string[]).includes(type)) return null;
  if (type === FIR_EVENT_TYPE) return 'the FIR is registered when the case opens';
  if (!eventTypeOf(sop, type)) return `unknown event type ${type}`;
  const { allowed, has } = stageEvents(sop, stage);
  if (has.has(type)) return null;
  const caseEvents = allowed.filter((t) => !(SUPERVISOR_EVENT_TYPES as readonly string[]).includes(t));
  return `${type} is not allowed in stage "${state.stage}"; allowed now: ${caseEvents.join(', ')}`;
}

/** `handedOver`: the host gave up the event (StepOptions.handsOverEvents), so the log may keep it without a copy. */
export function applyOneEvent(sop: CompiledSop, state: CaseState, event: CaseEventInput, fx: EffectLog, handedOver = false): Verdict {
  const stage = stageOf(sop, state.stage)!;
  if (stage.kind === 'final') return { ok: false, reason: eventRefusal(sop, state, event.type)! };

  if ((SUPERVISOR_EVENT_TYPES as readonly string[]).includes(event.type)) {
    return applySupervisorEvent(sop, state, event as CaseEventInput & { type: SupervisorEventType }, fx);
  }
  // The FIR opens the case: it is the one event no stage lists, accepted only as the first.
  const opening = event.type === FIR_EVENT_TYPE && state.log.length === 0;
  const refusal = opening ? null : eventRefusal(sop, state, event.type);
  if (refusal) return { ok: false, reason: refusal };
  const known = eventTypeOf(sop, event.type)!;
  const accusedProblem = accusedRefusal(sop, state.facts, event);
  if (accusedProblem) return { ok: false, reason: accusedProblem };
  const named = event.data?.accused;

  let facts: CaseFacts = state.facts;
  if (event.facts) {
    for (const key of IMMUTABLE_FACTS) {
      if (key in event.facts) return { ok: false, reason: `facts.${key} identifies the case and cannot be changed by an event` };
    }
    const parsed = caseFacts.safeParse(mergeFacts(state.facts, patchFor(state.facts, event.facts, named)));
    if (!parsed.success) {
      const { path, message } = factsIssue(parsed.error);
      return { ok: false, reason: `${path}: ${message}` };
    }
    const refusal = factsRefusal(sop, parsed.data);
    if (refusal) return { ok: false, reason: refusal };
    facts = parsed.data;
  }

  // Gates on this transition run before the machine moves, and the machine's guard reads their verdict. They are
  // the gates of the SOP as these facts select it: facts this event reveals (the accused is a juvenile) bring
  // their overlay's gates to bear on this very event, not only from the next one.
  const gateSop = facts === state.facts ? sop : sop.recompileSync({ facts });
  const gates: EffectiveGate[] = [];
  for (const g of gateSop.gates) if (g.at.stage === state.stage && g.at.event === event.type && covers(gateSop, g.source, facts, named)) gates.push(g);
  const results: GateResult[] = [];
  // A gate on an event naming one accused judges that person (a juvenile's guardian told, a woman's custody).
  const gateFacts = named === undefined ? facts : factsFor(facts, named);
  const who = accusedOfRun(named);
  for (const gate of gates) {
    const rules = gateSop.evaluators.gate(gate.id).evaluate(gateFacts);
    const objections = objectionsOf(rules);
    results.push({
      gateId: gate.id,
      label: gate.label,
      source: gate.source,
      citation: gate.citation,
      sopHash: gateSop.sopHash,
      at: event.at,
      eventId: event.id,
      passed: objections.length === 0,
      objections,
      rules,
    });
  }
  const gatePassed = results.every((r) => r.passed);

  const next = sop.transitions.step(state.stage, event.type, gates.length > 0 ? gatePassed : undefined);
  if (next.status === 'error') return { ok: false, reason: `the case machine failed on ${event.type}` };
  // Stages are flat states, so the machine's value is the stage id.
  if (typeof next.value !== 'string') return { ok: false, reason: `the case machine reached a compound state on ${event.type}` };
  const nextStage = next.value;

  const waived = windowsEnded(sop, state, { type: event.type, at: event.at, prevStage: state.stage, nextStage, facts });
  const decidedBy = event.data?.decidedBy;
  for (const { clock } of waived) {
    if (decidedBy === undefined || !clock.waivableBy!.includes(decidedBy)) {
      return {
        ok: false,
        reason:
          `${event.type} would end "${clock.label}" (${clock.citation.section}) before it runs out: record the decision to give it up ` +
          `with data.decidedBy (one of: ${clock.waivableBy!.join(', ')})${decidedBy !== undefined ? `; ${decidedBy} may not` : ''}`,
      };
    }
  }

  // Accepted: from here on the state changes.
  // Recorded entries are shared by later states (see copy in case-engine.ts): record JSON-clean copies the
  // caller cannot change afterwards.
  state.facts = facts === state.facts ? facts : jsonClone(facts);
  state.log.push(handedOver ? { ...event, seq: state.nextSeq++ } : jsonClone({ ...event, seq: state.nextSeq++ }));
  if (fx.narrates) state.timeline.push({ at: event.at, kind: 'event', text: known.label, ref: event.id });
  for (const result of results) {
    // Without the narrative the rule outcomes (the explanation's detail) are left out; nothing reads them back.
    state.gateResults.push(fx.narrates ? jsonClone(result) : { ...result, rules: [] });
    fx.gate(result.gateId, event.id, event.at, result.passed, result.objections.map((o) => o.code));
    if (fx.narrates) state.timeline.push({
      at: event.at,
      kind: 'gate',
      text: result.passed ? `gate passed: ${result.label}` : `gate failed: ${result.label} — ${result.objections.map((o) => o.message).join('; ')}`,
      ref: result.gateId,
    });
    const gate = gates.find((g) => g.id === result.gateId)!;
    // Each accused fails or passes a gate on their own; a1's (and a single accused's) keep the case's ids.
    const gateKey = who === undefined ? gate.id : `${gate.id}@${who}`;
    const gateTaskId = `gate:${gateKey}`;
    if (result.passed) {
      closeEscalationsFor(state, (e) => e.id === gateTaskId, event.at, `${gate.label}: gate passed`, fx);
      continue;
    }
    const failures = (state.gateFailures[gateKey] ?? 0) + 1;
    state.gateFailures[gateKey] = failures;
    if (gate.escalateAfter && failures >= gate.escalateAfter.failures) {
      openEscalation(sop, state, {
        id: gateTaskId,
        cause: { kind: 'gate-failures', gateId: gate.id },
        ladderId: gate.escalateAfter.ladder,
        startAt: gate.escalateAfter.startAt,
        at: event.at,
        explanation: {
          rule: gate.id,
          sopHash: gateSop.sopHash,
          caseSopHash: gateSop.caseSopHash,
          citation: gate.citation,
          summary: `${gate.label}${who === undefined ? '' : ` (accused ${who})`} failed ${failures} times (limit ${gate.escalateAfter.failures})`,
          comparisons: [
            { fact: `gate.${gate.id}.failures`, operator: 'greaterThanInclusive', value: gate.escalateAfter.failures, factValue: failures, result: true },
            ...result.rules.filter((r) => r.fired).flatMap((r) => r.comparisons),
          ],
        },
      }, fx);
    }
  }
  const prevStage = state.stage;
  if (nextStage !== prevStage) {
    state.stage = nextStage;
    state.timeline.push({ at: event.at, kind: 'stage', text: `stage: ${prevStage} → ${nextStage}`, ref: nextStage });
    fx.stage(prevStage, nextStage, event.at);
  } else if (opening) {
    fx.stage(null, nextStage, event.at);
  }
  updateClocks(sop, state, { type: event.type, at: event.at, prevStage, nextStage, facts, ...(named !== undefined ? { accused: named } : {}) }, fx);
  if (stageOf(sop, nextStage)?.kind === 'final') closeCase(state, event.at, nextStage, fx);
  for (const { clock, key } of waived) {
    const instance = state.clocks.find((c) => c.key === key)!;
    instance.abandonedBy = decidedBy!;
    if (fx.narrates) state.timeline.push({ at: event.at, kind: 'clock', text: `window abandoned: ${clock.label} — decided by ${decidedBy!} (${event.type})`, ref: key });
    fx.clock(instance, 'abandoned', event.at, { decidedBy: decidedBy! });
  }
  fx.event(event.id, event.type, event.at, state.stage, false);
  return { ok: true };
}

// The waivable clocks of an SOP variant, in clock order, found once (most clocks are not waivable).
const waivableBySop = new WeakMap<readonly EffectiveClock[], readonly EffectiveClock[]>();

function waivableClocks(sop: CompiledSop): readonly EffectiveClock[] {
  let found = waivableBySop.get(sop.clocks);
  if (!found) waivableBySop.set(sop.clocks, (found = sop.clocks.filter((c) => c.waivableBy)));
  return found;
}

/**
 * Waivable windows (the State's appeal) this event would end before they run out: by a cancel trigger or by
 * closing the case. Closing inside the window is refused unless the decision to give it up is recorded, by a
 * role the SOP names: refusing outright would leave no way to record a real decision not to appeal, and
 * accepting silently loses the State's right with no one answerable for it. A window already run out (breached)
 * ends as before.
 */
function windowsEnded(sop: CompiledSop, state: CaseState, ctx: ClockContext): { clock: EffectiveClock; key: string }[] {
  const closing = stageOf(sop, ctx.nextStage)?.kind === 'final';
  const out: { clock: EffectiveClock; key: string }[] = [];
  for (const clock of waivableClocks(sop)) {
    const active = activeInstance(state, clock.id);
    if (!active || active.status === 'breached') continue;
    if (anyTriggerMatches(sop, clock.stop, ctx)) continue;
    if (closing || anyTriggerMatches(sop, clock.cancel, ctx)) out.push({ clock, key: active.key });
  }
  return out;
}

interface ClockContext {
  type: string;
  at: number;
  prevStage: string;
  nextStage: string;
  facts: CaseFacts;
  /** The accused the event names (none: it concerns everyone). */
  accused?: string;
}

function triggerMatches(sop: CompiledSop, t: Trigger, ctx: ClockContext): boolean {
  if ('event' in t) return t.event === ctx.type && (!t.when || sop.evaluators.condition(t.when).matches(ctx.facts));
  if (ctx.nextStage === ctx.prevStage) return false;
  return 'enterStage' in t ? t.enterStage === ctx.nextStage : t.leaveStage === ctx.prevStage;
}

function anyTriggerMatches(sop: CompiledSop, triggers: Trigger[], ctx: ClockContext): boolean {
  for (const t of triggers) if (triggerMatches(sop, t, ctx)) return true;
  return false;
}

/** Indexes of the triggers this event or stage change matches. */
function matchingTriggers(sop: CompiledSop, triggers: Trigger[], ctx: ClockContext): number[] {
  const out: number[] = [];
  for (const [i, t] of triggers.entries()) if (triggerMatches(sop, t, ctx)) out.push(i);
  return out;
}

/**
 * Tolling as a set of grounds: each resume trigger ends its own ground, each pause trigger begins its own; the
 * clock is paused while any ground holds. A breached clock is not paused: the period has already run out.
 */
function updateGrounds(sop: CompiledSop, state: CaseState, clock: EffectiveClock, active: ClockInstance, ctx: ClockContext, fx: EffectLog): void {
  // A resume trigger that names no ground on a clock with several (a pack pinned before grounds existed, e.g. a
  // running case's SOP; the loader refuses new ones) ends them all, as it always did, so such cases replay unchanged.
  const end = matchingTriggers(sop, clock.resume, ctx).flatMap((i) => resumeGroundOf(clock, clock.resume[i]!) ?? openGrounds(active));
  const begin = matchingTriggers(sop, clock.pause, ctx).map((i) => ({ ground: pauseGroundOf(clock.pause[i]!), reason: ctx.type }));
  if (end.length === 0 && begin.length === 0) return;
  const change = changeGrounds(sop, active, ctx.at, end, begin);
  const others = (except: string): string => change.after.filter((g) => g !== except).join(', ');
  for (const [i, ground] of change.ended.entries()) {
    const holding = [...change.ended.slice(i + 1), ...change.after];
    const last = holding.length === 0;
    if (fx.narrates) state.timeline.push({
      at: ctx.at,
      kind: 'clock',
      text: last ? `resumed: ${clock.label} (ground ${ground} ended: ${ctx.type})` : `ground ${ground} ended: ${clock.label} (${ctx.type}); still paused: ${holding.join(', ')}`,
      ref: active.key,
    });
    fx.clock(active, last ? 'resumed' : 'ground-ended', ctx.at, { ground, grounds: holding });
  }
  for (const [i, b] of change.began.entries()) {
    const first = change.before.filter((g) => !change.ended.includes(g)).length === 0 && i === 0;
    if (fx.narrates) state.timeline.push({
      at: ctx.at,
      kind: 'clock',
      text: first ? `paused: ${clock.label} (ground ${b.ground}: ${ctx.type})` : `ground ${b.ground} added: ${clock.label} (${ctx.type}); also paused: ${others(b.ground)}`,
      ref: active.key,
    });
    fx.clock(active, first ? 'paused' : 'ground-added', ctx.at, { ground: b.ground, grounds: change.after });
  }
}

const NONE: readonly number[] = [];

/**
 * The clocks this event or stage change can touch, in the SOP's clock order: those with a trigger naming the
 * event, and, when the stage changes, those with a stage trigger. No other clock has a trigger that could hold
 * (for any accused: a per-accused clock's triggers are the same for each), so skipping them changes nothing.
 */
function touchedClocks(sop: CompiledSop, ctx: ClockContext): readonly number[] {
  const byEvent = sop.clocksByEvent.get(ctx.type) ?? NONE;
  if (ctx.nextStage === ctx.prevStage || sop.stageTriggeredClocks.length === 0) return byEvent;
  // The union depends on the SOP variant and the event type only: merged once per pair.
  let merged = withStageClocks.get(sop.clocksByEvent);
  if (!merged) withStageClocks.set(sop.clocksByEvent, (merged = new Map<string, readonly number[]>()));
  let union = merged.get(ctx.type);
  if (!union) merged.set(ctx.type, (union = [...new Set([...byEvent, ...sop.stageTriggeredClocks])].sort((a, b) => a - b)));
  return union;
}

const withStageClocks = new WeakMap<CompiledSop['clocksByEvent'], Map<string, readonly number[]>>();

function updateClocks(sop: CompiledSop, state: CaseState, ctx: ClockContext, fx: EffectLog): void {
  for (const index of touchedClocks(sop, ctx)) {
    const clock = sop.clocks[index]!;
    if (clock.per !== 'accused') {
      updateClock(sop, state, clock, ctx, undefined, fx);
      continue;
    }
    // One run per accused: it follows the events that concern that person, judged on that person's facts.
    for (const accused of accusedIds(ctx.facts)) {
      if (!concerns({ data: ctx.accused === undefined ? {} : { accused: ctx.accused } }, accused)) continue;
      if (!covers(sop, clock.source, ctx.facts, accused)) continue;
      updateClock(sop, state, clock, { ...ctx, facts: factsFor(ctx.facts, accused) }, accused, fx);
    }
  }
}

function updateClock(sop: CompiledSop, state: CaseState, clock: EffectiveClock, ctx: ClockContext, accused: string | undefined, fx: EffectLog): void {
  const by = ctx.type;
  {
    const active = activeInstance(state, clock.id, accused);
    if (active && anyTriggerMatches(sop, clock.stop, ctx)) {
      const wasBreached = active.status === 'breached';
      endInstance(active, 'met', ctx.at, by);
      if (fx.narrates) state.timeline.push({ at: ctx.at, kind: 'clock', text: `${wasBreached ? 'met late' : 'met'}: ${clock.label}`, ref: active.key });
      fx.clock(active, 'met', ctx.at);
      closeEscalationsFor(state, (e) => e.cause.kind === 'clock-breach' && e.cause.clockKey === active.key, ctx.at, `cured: ${by}`, fx);
    } else if (active && anyTriggerMatches(sop, clock.cancel, ctx)) {
      endInstance(active, 'cancelled', ctx.at, by);
      if (fx.narrates) state.timeline.push({ at: ctx.at, kind: 'clock', text: `no longer running: ${clock.label} (${by})`, ref: active.key });
      fx.clock(active, 'cancelled', ctx.at);
      closeEscalationsFor(state, (e) => e.cause.kind === 'clock-breach' && e.cause.clockKey === active.key, ctx.at, `duty fell away: ${by}`, fx);
    } else if (active && active.status !== 'breached' && (clock.pause.length > 0 || clock.resume.length > 0)) {
      updateGrounds(sop, state, clock, active, ctx, fx);
    }
    if (!anyTriggerMatches(sop, clock.start, ctx)) return;
    const current = activeInstance(state, clock.id, accused);
    if (current && !clock.restartOnStart) return;
    if (clock.appliesWhen) {
      if (!sop.evaluators.condition(clock.appliesWhen).matches(ctx.facts)) return;
    }
    if (current) {
      endInstance(current, 'met', ctx.at, `${by} (renewed)`);
      fx.clock(current, 'met', ctx.at);
      closeEscalationsFor(state, (e) => e.cause.kind === 'clock-breach' && e.cause.clockKey === current.key, ctx.at, `renewed: ${by}`, fx);
    }
    const started = startInstance(sop, state, clock, ctx.at, by, ctx.facts, accused);
    const forWhom = accused !== undefined && accusedIds(ctx.facts).length > 1 ? ` for accused ${accused}` : '';
    if (fx.narrates) state.timeline.push({ at: ctx.at, kind: 'clock', text: `started: ${clock.label} (${clock.citation.section})${forWhom}`, ref: started.key });
    fx.clock(started, 'started', ctx.at);
  }
}

/** Entering a final stage ends every running clock and task: the duties they tracked are over. */
function closeCase(state: CaseState, at: number, stage: string, fx: EffectLog): void {
  for (const c of state.clocks) {
    if (c.status === 'running' || c.status === 'paused' || c.status === 'breached') {
      endInstance(c, 'cancelled', at, `case ${stage}`);
      fx.clock(c, 'cancelled', at);
    }
  }
  closeEscalationsFor(state, () => true, at, `case ${stage}`, fx);
}

function applySupervisorEvent(sop: CompiledSop, state: CaseState, event: CaseEventInput & { type: SupervisorEventType }, fx: EffectLog): Verdict {
  const data = event.data ?? {};
  if (!data.role) return { ok: false, reason: `${event.type} needs data.role (the role acting)` };
  const accept = (text: string, ref?: string): Verdict => {
    state.log.push(jsonClone({ ...event, seq: state.nextSeq++ }));
    if (fx.narrates) state.timeline.push({ at: event.at, kind: 'escalation', text, ...(ref ? { ref } : {}) });
    fx.event(event.id, event.type, event.at, state.stage, false);
    return { ok: true };
  };

  if (event.type === 'CLOCK_EXTENDED') {
    const clock = sop.clocks.find((c) => c.id === data.clockId);
    if (!clock) return { ok: false, reason: `unknown clock "${data.clockId ?? ''}"` };
    if (!clock.extension) return { ok: false, reason: `the SOP gives no one the power to extend "${clock.id}"` };
    if (!clock.extension.grantedBy.includes(data.role)) {
      return { ok: false, reason: `${data.role} may not extend "${clock.id}"; the SOP allows: ${clock.extension.grantedBy.join(', ')}` };
    }
    if (typeof data.amount !== 'number' || !(data.amount > 0)) return { ok: false, reason: 'data.amount must be a positive number' };
    const instance = activeInstance(state, clock.id, data.accused);
    if (!instance) return { ok: false, reason: `clock "${clock.id}" is not running${data.accused !== undefined ? ` for accused ${data.accused}` : ''}` };
    const used = instance.extensions.reduce((sum, x) => sum + x.amount, 0);
    if (used + data.amount > clock.extension.maxTotal) {
      return { ok: false, reason: `extensions of "${clock.id}" may total at most ${clock.extension.maxTotal} (${used} already granted)` };
    }
    instance.extensions.push({ amount: data.amount, grantedBy: data.role, grantedAt: event.at });
    const wasBreached = instance.status === 'breached';
    if (wasBreached) instance.status = instance.pauses.some((p) => p.to === undefined) ? 'paused' : 'running';
    refreshDue(sop, instance);
    if (wasBreached && instance.dueAt !== null && instance.dueAt <= event.at) instance.status = 'breached';
    fx.clock(instance, 'extended', event.at);
    if (wasBreached && instance.status !== 'breached') {
      closeEscalationsFor(state, (e) => e.cause.kind === 'clock-breach' && e.cause.clockKey === instance.key, event.at, `extension granted by ${data.role}`, fx);
    }
    return accept(`${clockSpec(sop, clock.id).label}: extended by ${data.amount} by ${data.role}`, instance.key);
  }

  const escalation = state.escalations.find((e) => e.id === data.escalationId);
  if (!escalation) return { ok: false, reason: `unknown escalation "${data.escalationId ?? ''}"` };
  if (!isLiveEscalation(escalation)) return { ok: false, reason: `escalation ${escalation.id} is already ${escalation.status}` };
  if (data.role !== escalation.role) return { ok: false, reason: `escalation ${escalation.id} is with ${escalation.role}, not ${data.role}` };

  if (event.type === 'ESCALATION_ACKNOWLEDGED') {
    escalation.status = 'acknowledged';
    escalation.slaDueAt = null; // answered: it stops climbing
    escalation.history.push({ at: event.at, action: 'acknowledged', role: escalation.role, level: escalation.level });
    fx.escalation(escalation, 'acknowledged', event.at);
    return accept(`escalation acknowledged by ${data.role}`, escalation.id);
  }
  if (event.type === 'ESCALATION_RESOLVED') {
    if (!data.directive || data.directive.trim() === '') return { ok: false, reason: 'resolving an escalation needs data.directive' };
    escalation.status = 'resolved';
    escalation.slaDueAt = null;
    escalation.closedReason = `directive: ${data.directive}`;
    escalation.history.push({ at: event.at, action: 'resolved', role: escalation.role, level: escalation.level, note: data.directive });
    fx.escalation(escalation, 'resolved', event.at, escalation.closedReason);
    return accept(`escalation resolved by ${data.role}: ${data.directive}`, escalation.id);
  }
  const ladder = sop.ladders.find((l) => l.id === escalation.ladderId)!;
  if (!data.toRole || !ladder.levels.some((l) => l.role === data.toRole)) {
    return { ok: false, reason: `data.toRole must be a role on ladder "${ladder.id}": ${ladder.levels.map((l) => l.role).join(', ')}` };
  }
  state.log.push(jsonClone({ ...event, seq: state.nextSeq++ }));
  reassign(sop, state, escalation, data.toRole, event.at, data.role, fx);
  fx.event(event.id, event.type, event.at, state.stage, false);
  return { ok: true };
}
