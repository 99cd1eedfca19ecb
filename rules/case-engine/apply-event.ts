// Applies one event to a case whose timers have been processed up to the event's time: validates it against
// the SOP, merges facts, runs gates, moves the stage through the xstate machine, and updates clocks.
import type { CompiledSop, EffectiveClock } from '../compiler/compile-sop';
import { machineTransition } from '../compiler/machine-transition';
import { objectionsOf } from '../compiler/rules-engine';
import { caseFacts, type CaseFacts } from '../schema/case-facts';
import { mergeFacts } from '../schema/merge-facts';
import { factsRefusal } from './facts-check';
import type { Trigger } from '../schema/clock';
import { formatPath } from '../loader/sop-error';
import {
  FIR_EVENT_TYPE,
  SUPERVISOR_EVENT_TYPES,
  type CaseEventInput,
  type CaseState,
  type GateResult,
  type SupervisorEventType,
} from './case-state';
import { activeInstance, clockSpec, endInstance, pauseInstance, refreshDue, resumeInstance, startInstance } from './clock-instances';
import { closeEscalationsFor, isLiveEscalation, openEscalation, reassign } from './escalations';
import type { EffectLog } from './effects';
import { jsonClone } from '../util/json-clone';

export type Verdict = { ok: true } | { ok: false; reason: string };

const IMMUTABLE_FACTS = ['province', 'district', 'policeStation', 'fir'] as const;

/** The events the SOP allows in the case's current stage. */
export function allowedEventTypes(sop: CompiledSop, state: CaseState): string[] {
  const stage = sop.stages.find((s) => s.id === state.stage)!;
  if (stage.kind === 'final') return [];
  const types = new Set<string>(stage.on.map((t) => t.event));
  for (const e of sop.eventTypes) if (e.anyStage) types.add(e.type);
  for (const t of SUPERVISOR_EVENT_TYPES) types.add(t);
  return [...types];
}

/** Why an event of this type cannot be applied in the case's current stage, or null when it can. */
export function eventRefusal(sop: CompiledSop, state: CaseState, type: string): string | null {
  const stage = sop.stages.find((s) => s.id === state.stage)!;
  if (stage.kind === 'final') return `the case is ${stage.label.toLowerCase()}: no further events are accepted`;
  if ((SUPERVISOR_EVENT_TYPES as readonly string[]).includes(type)) return null;
  if (type === FIR_EVENT_TYPE) return 'the FIR is registered when the case opens';
  if (!sop.eventTypes.some((e) => e.type === type)) return `unknown event type ${type}`;
  const allowed = allowedEventTypes(sop, state);
  if (allowed.includes(type)) return null;
  const caseEvents = allowed.filter((t) => !(SUPERVISOR_EVENT_TYPES as readonly string[]).includes(t));
  return `${type} is not allowed in stage "${state.stage}"; allowed now: ${caseEvents.join(', ')}`;
}

export async function applyOneEvent(sop: CompiledSop, state: CaseState, event: CaseEventInput, fx: EffectLog): Promise<Verdict> {
  const stage = sop.stages.find((s) => s.id === state.stage)!;
  if (stage.kind === 'final') return { ok: false, reason: eventRefusal(sop, state, event.type)! };

  if ((SUPERVISOR_EVENT_TYPES as readonly string[]).includes(event.type)) {
    return applySupervisorEvent(sop, state, event as CaseEventInput & { type: SupervisorEventType }, fx);
  }
  // The FIR opens the case: it is the one event no stage lists, accepted only as the first.
  const opening = event.type === FIR_EVENT_TYPE && state.log.length === 0;
  const refusal = opening ? null : eventRefusal(sop, state, event.type);
  if (refusal) return { ok: false, reason: refusal };
  const known = sop.eventTypes.find((e) => e.type === event.type)!;

  let facts: CaseFacts = state.facts;
  if (event.facts) {
    for (const key of IMMUTABLE_FACTS) {
      if (key in event.facts) return { ok: false, reason: `facts.${key} identifies the case and cannot be changed by an event` };
    }
    const parsed = caseFacts.safeParse(mergeFacts(state.facts, event.facts));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return { ok: false, reason: `facts.${formatPath(issue.path as (string | number)[])}: ${issue.message}` };
    }
    const refusal = factsRefusal(sop, parsed.data);
    if (refusal) return { ok: false, reason: refusal };
    facts = parsed.data;
  }

  // Gates on this transition run before the machine moves, and the machine's guard reads their verdict.
  const gates = sop.gates.filter((g) => g.at.stage === state.stage && g.at.event === event.type);
  const results: GateResult[] = [];
  for (const gate of gates) {
    const rules = await sop.evaluators.gate(gate.id).evaluate(facts);
    const objections = objectionsOf(rules);
    results.push({
      gateId: gate.id,
      label: gate.label,
      source: gate.source,
      citation: gate.citation,
      sopHash: sop.sopHash,
      at: event.at,
      eventId: event.id,
      passed: objections.length === 0,
      objections,
      rules,
    });
  }
  const gatePassed = results.every((r) => r.passed);

  const next = machineTransition(sop.machine, state.stage, { type: event.type, ...(gates.length > 0 ? { gatePassed } : {}) });
  if (next.status === 'error') return { ok: false, reason: `the case machine failed on ${event.type}` };
  // Stages are flat states, so the machine's value is the stage id.
  if (typeof next.value !== 'string') return { ok: false, reason: `the case machine reached a compound state on ${event.type}` };
  const nextStage = next.value;

  // Accepted: from here on the state changes.
  // Recorded entries are shared by later states (see copy in case-engine.ts): record JSON-clean copies the
  // caller cannot change afterwards.
  state.facts = facts === state.facts ? facts : jsonClone(facts);
  state.log.push(jsonClone({ ...event, seq: state.nextSeq++ }));
  state.timeline.push({ at: event.at, kind: 'event', text: known.label, ref: event.id });
  for (const result of results) {
    state.gateResults.push(jsonClone(result));
    fx.gate(result.gateId, event.id, event.at, result.passed, result.objections.map((o) => o.code));
    state.timeline.push({
      at: event.at,
      kind: 'gate',
      text: result.passed ? `gate passed: ${result.label}` : `gate failed: ${result.label} — ${result.objections.map((o) => o.message).join('; ')}`,
      ref: result.gateId,
    });
    const gate = gates.find((g) => g.id === result.gateId)!;
    if (result.passed) {
      closeEscalationsFor(state, (e) => e.cause.kind === 'gate-failures' && e.cause.gateId === gate.id, event.at, `${gate.label}: gate passed`, fx);
      continue;
    }
    const failures = (state.gateFailures[gate.id] ?? 0) + 1;
    state.gateFailures[gate.id] = failures;
    if (gate.escalateAfter && failures >= gate.escalateAfter.failures) {
      openEscalation(sop, state, {
        id: `gate:${gate.id}`,
        cause: { kind: 'gate-failures', gateId: gate.id },
        ladderId: gate.escalateAfter.ladder,
        startAt: gate.escalateAfter.startAt,
        at: event.at,
        explanation: {
          rule: gate.id,
          sopHash: sop.sopHash,
          caseSopHash: sop.caseSopHash,
          citation: gate.citation,
          summary: `${gate.label} failed ${failures} times (limit ${gate.escalateAfter.failures})`,
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
  await updateClocks(sop, state, { type: event.type, at: event.at, prevStage, nextStage, facts }, fx);
  if (sop.stages.find((s) => s.id === nextStage)?.kind === 'final') closeCase(state, event.at, nextStage, fx);
  fx.event(event.id, event.type, event.at, state.stage, false);
  return { ok: true };
}

interface ClockContext {
  type: string;
  at: number;
  prevStage: string;
  nextStage: string;
  facts: CaseFacts;
}

async function anyTriggerMatches(sop: CompiledSop, clock: EffectiveClock, key: string, triggers: Trigger[], ctx: ClockContext): Promise<boolean> {
  for (const [i, t] of triggers.entries()) {
    if ('event' in t) {
      if (t.event !== ctx.type) continue;
      if (!t.when) return true;
      const { matched } = await sop.evaluators.condition(`${clock.id}/${key}/${i}`, t.when).evaluate(ctx.facts);
      if (matched) return true;
    } else if ('enterStage' in t) {
      if (ctx.nextStage !== ctx.prevStage && t.enterStage === ctx.nextStage) return true;
    } else if (ctx.nextStage !== ctx.prevStage && t.leaveStage === ctx.prevStage) return true;
  }
  return false;
}

async function updateClocks(sop: CompiledSop, state: CaseState, ctx: ClockContext, fx: EffectLog): Promise<void> {
  const by = ctx.type;
  for (const clock of sop.clocks) {
    const active = activeInstance(state, clock.id);
    if (active && (await anyTriggerMatches(sop, clock, 'stop', clock.stop, ctx))) {
      const wasBreached = active.status === 'breached';
      endInstance(active, 'met', ctx.at, by);
      state.timeline.push({ at: ctx.at, kind: 'clock', text: `${wasBreached ? 'met late' : 'met'}: ${clock.label}`, ref: active.key });
      fx.clock(active, 'met', ctx.at);
      closeEscalationsFor(state, (e) => e.cause.kind === 'clock-breach' && e.cause.clockKey === active.key, ctx.at, `cured: ${by}`, fx);
    } else if (active && (await anyTriggerMatches(sop, clock, 'cancel', clock.cancel, ctx))) {
      endInstance(active, 'cancelled', ctx.at, by);
      state.timeline.push({ at: ctx.at, kind: 'clock', text: `no longer running: ${clock.label} (${by})`, ref: active.key });
      fx.clock(active, 'cancelled', ctx.at);
      closeEscalationsFor(state, (e) => e.cause.kind === 'clock-breach' && e.cause.clockKey === active.key, ctx.at, `duty fell away: ${by}`, fx);
    } else if (active?.status === 'running' && (await anyTriggerMatches(sop, clock, 'pause', clock.pause, ctx))) {
      pauseInstance(sop, active, ctx.at, by);
      state.timeline.push({ at: ctx.at, kind: 'clock', text: `paused: ${clock.label} (${by})`, ref: active.key });
      fx.clock(active, 'paused', ctx.at);
    } else if (active?.status === 'paused' && (await anyTriggerMatches(sop, clock, 'resume', clock.resume, ctx))) {
      resumeInstance(sop, active, ctx.at);
      state.timeline.push({ at: ctx.at, kind: 'clock', text: `resumed: ${clock.label} (${by})`, ref: active.key });
      fx.clock(active, 'resumed', ctx.at);
    }
    if (!(await anyTriggerMatches(sop, clock, 'start', clock.start, ctx))) continue;
    const current = activeInstance(state, clock.id);
    if (current && !clock.restartOnStart) continue;
    if (clock.appliesWhen) {
      const { matched } = await sop.evaluators.condition(`${clock.id}/appliesWhen`, clock.appliesWhen).evaluate(ctx.facts);
      if (!matched) continue;
    }
    if (current) {
      endInstance(current, 'met', ctx.at, `${by} (renewed)`);
      fx.clock(current, 'met', ctx.at);
      closeEscalationsFor(state, (e) => e.cause.kind === 'clock-breach' && e.cause.clockKey === current.key, ctx.at, `renewed: ${by}`, fx);
    }
    const started = startInstance(sop, state, clock, ctx.at, by, ctx.facts);
    state.timeline.push({ at: ctx.at, kind: 'clock', text: `started: ${clock.label} (${clock.citation.section})`, ref: started.key });
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
    state.timeline.push({ at: event.at, kind: 'escalation', text, ...(ref ? { ref } : {}) });
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
    const instance = activeInstance(state, clock.id);
    if (!instance) return { ok: false, reason: `clock "${clock.id}" is not running` };
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
