// Overlays follow the facts: when an event teaches the case something (a juvenile accused, terrorism sections,
// a sexual offence, narcotics recovered), the overlays and clocks that apply are chosen again. Clocks that no
// longer apply end, clocks an overlay changed are re-computed, and newly applicable clocks start from their
// legal trigger, found in the case's log (it may be in the past); the change is recorded with its reason.
import type { CompiledSop, EffectiveClock, OverlayDecision } from '../compiler/compile-sop';
import type { Instant } from '../legal-time/types';
import { accusedIds, factsFor, type CaseFacts } from '../schema/case-facts';
import type { Trigger } from '../schema/clock';
import { pauseGroundOf, resumeGroundOf } from '../schema/trigger-grounds';
import type { CaseState, OverlayChange } from './case-state';
import { accusedOfRun, activeInstance, changeGrounds, endInstance, liveInstances, openGrounds, refreshDue, startInstance } from './clock-instances';
import { concerns, covers } from './accused';
import type { EffectLog } from './effects';
import { closeEscalationsFor } from './escalations';
import { advanceTo } from './timers';

const appliedIds = (sop: CompiledSop): string[] => sop.overlays.filter((o) => o.applied).map((o) => o.id);

function whyApplied(o: OverlayDecision): string {
  const facts = o.comparisons.filter((c) => c.result).map((c) => `${c.fact} = ${JSON.stringify(c.factValue)}`);
  return `${o.title} applies${facts.length ? ` (${facts.join(', ')})` : ''}`;
}

/** A moment the case went through that a trigger can name: an event, or a stage entered or left. */
interface Moment {
  at: Instant;
  by: string;
  matches(t: Trigger): boolean;
}

/** The moments of the case; for one accused, only the events that concern them (and every stage change). */
function momentsOf(state: CaseState, accused?: string): Moment[] {
  const moments: Moment[] = [];
  for (const e of state.log) {
    if (accused !== undefined && !concerns(e, accused)) continue;
    moments.push({ at: e.at, by: e.type, matches: (t) => 'event' in t && t.event === e.type });
  }
  for (const entry of state.timeline) {
    const moved = entry.kind === 'stage' ? /^stage: (\S+) → (\S+)$/.exec(entry.text) : null;
    if (!moved) continue;
    const [, from, to] = moved;
    moments.push({ at: entry.at, by: `stage ${to!}`, matches: (t) => ('enterStage' in t && t.enterStage === to) || ('leaveStage' in t && t.leaveStage === from) });
  }
  // Stable: events keep their log order among equal times.
  return moments.map((m, i) => ({ m, i })).sort((a, b) => a.m.at - b.m.at || a.i - b.i).map(({ m }) => m);
}

/** The indices of the triggers that hold at a moment. */
function triggersHolding(sop: CompiledSop, facts: CaseFacts, triggers: Trigger[], m: Moment): number[] {
  const out: number[] = [];
  for (const [i, t] of triggers.entries()) {
    if (!m.matches(t)) continue;
    if (!('event' in t) || !t.when || sop.evaluators.condition(t.when).matches(facts)) out.push(i);
  }
  return out;
}

function triggerHolds(sop: CompiledSop, facts: CaseFacts, triggers: Trigger[], m: Moment): boolean {
  return triggersHolding(sop, facts, triggers, m).length > 0;
}

/**
 * Starts a newly applicable clock from its latest start trigger in the log, unless it was stopped or cancelled
 * since; pauses and resumes after the trigger are replayed. Facts learnt late are facts of the case: the
 * conditions are judged on the facts as now known.
 */
function adopt(sop: CompiledSop, state: CaseState, clock: EffectiveClock, at: Instant, reason: string, fx: EffectLog, accused?: string): void {
  const facts = accused === undefined ? state.facts : factsFor(state.facts, accused);
  if (clock.appliesWhen && !sop.evaluators.condition(clock.appliesWhen).matches(facts)) return;
  const moments = momentsOf(state, accused);
  let from = -1;
  for (const [i, m] of moments.entries()) if (triggerHolds(sop, facts, clock.start, m)) from = i;
  if (from < 0) return;
  const later = moments.slice(from + 1);
  for (const m of later) {
    if (triggerHolds(sop, facts, clock.stop, m) || triggerHolds(sop, facts, clock.cancel, m)) return;
  }
  const trigger = moments[from]!;
  const who = accusedOfRun(accused);
  // A run already started from that trigger (and ended since) is the case's record: it is not started twice.
  if (state.clocks.some((c) => c.clockId === clock.id && c.accused === who && c.startedAt >= trigger.at)) return;
  const instance = startInstance(sop, state, clock, trigger.at, trigger.by, facts, accused);
  // Each later pause or resume begins or ends its own ground, as it did when the event arrived.
  for (const m of later) {
    const end = triggersHolding(sop, facts, clock.resume, m).flatMap((i) => resumeGroundOf(clock, clock.resume[i]!) ?? openGrounds(instance));
    const begin = triggersHolding(sop, facts, clock.pause, m).map((i) => ({ ground: pauseGroundOf(clock.pause[i]!), reason: m.by }));
    if (end.length > 0 || begin.length > 0) changeGrounds(sop, instance, m.at, end, begin);
  }
  const forWhom = who !== undefined || accusedIds(state.facts).length > 1 ? ` for accused ${accused ?? 'a1'}` : '';
  if (fx.narrates) state.timeline.push({ at, kind: 'clock', text: `started: ${clock.label} (${clock.citation.section})${forWhom}, running from ${trigger.by}: ${reason}`, ref: instance.key });
  fx.clock(instance, 'started', at);
}

const sameTerms = (a: EffectiveClock, b: EffectiveClock): boolean =>
  JSON.stringify([a.duration, a.calendar, a.rollForward, a.warnBefore]) === JSON.stringify([b.duration, b.calendar, b.rollForward, b.warnBefore]);

/**
 * Re-chooses the overlays, and which clocks apply, for the case's facts as they now stand (`before`: the facts
 * before the event). Returns the SOP that governs the case from here on (the same one when no overlay
 * changed); the case's caseSopHash follows it.
 */
export function followFacts(sop: CompiledSop, state: CaseState, before: CaseFacts, at: Instant, cause: string, fx: EffectLog): CompiledSop {
  if (before === state.facts) return sop;
  const next = sop.recompileSync({ facts: state.facts });
  const reason = next.caseSopHash === sop.caseSopHash ? cause : changeOverlays(sop, next, state, at, cause, fx);

  for (const clock of next.clocks) {
    if (clock.per !== 'accused') {
      follow(next, sop, state, clock, before, at, reason, fx, undefined);
      continue;
    }
    for (const accused of accusedIds(state.facts)) {
      if (covers(next, clock.source, state.facts, accused)) follow(next, sop, state, clock, before, at, reason, fx, accused);
    }
  }
  // A clock started from a trigger in the past may already be due: its breach is recorded now.
  advanceTo(next, state, state.now, fx);
  return next;
}

/** Whether one clock (for one accused) now applies where it did not, or no longer applies: it starts or ends. */
function follow(next: CompiledSop, sop: CompiledSop, state: CaseState, clock: EffectiveClock, beforeFacts: CaseFacts, at: Instant, reason: string, fx: EffectLog, accused: string | undefined): void {
  {
    const isNew = !sop.clocks.some((c) => c.id === clock.id);
    if (!clock.appliesWhen) {
      if (isNew && !activeInstance(state, clock.id, accused)) adopt(next, state, clock, at, reason, fx, accused);
      return;
    }
    const evaluator = next.evaluators.condition(clock.appliesWhen);
    const before = accused === undefined ? beforeFacts : factsFor(beforeFacts, accused);
    const now = evaluator.evaluate(accused === undefined ? state.facts : factsFor(state.facts, accused));
    const was = isNew ? false : evaluator.evaluate(before).matched;
    const instance = activeInstance(state, clock.id, accused);
    if (was && !now.matched && instance) {
      const failing = now.comparisons.filter((c) => !c.result).map((c) => `${c.fact} = ${JSON.stringify(c.factValue)}`);
      const why = `no longer applies (${failing.join(', ')}): ${reason}`;
      endInstance(instance, 'cancelled', at, why);
      if (fx.narrates) state.timeline.push({ at, kind: 'clock', text: `no longer running: ${clock.label} — ${why}`, ref: instance.key });
      fx.clock(instance, 'cancelled', at);
      closeEscalationsFor(state, (e) => e.cause.kind === 'clock-breach' && e.cause.clockKey === instance.key, at, `${clock.label} ${why}`, fx);
    } else if (!was && now.matched && !instance) {
      adopt(next, state, clock, at, reason, fx, accused);
    }
  }
}

/** Moves the case to the SOP compiled for another overlay set; returns the change's reason. */
function changeOverlays(sop: CompiledSop, next: CompiledSop, state: CaseState, at: Instant, cause: string, fx: EffectLog): string {
  const before = appliedIds(sop);
  const after = appliedIds(next);
  const added = next.overlays.filter((o) => o.applied && !before.includes(o.id));
  const removed = sop.overlays.filter((o) => o.applied && !after.includes(o.id));
  const reason = [cause, ...added.map(whyApplied), ...removed.map((o) => `${o.title} no longer applies`)].join('; ');

  for (const old of sop.clocks) for (const instance of liveInstances(state, old.id)) {
    const now = next.clocks.find((c) => c.id === old.id);
    if (!now) {
      const suspended = next.suspendedClocks.find((s) => s.clock === old.id);
      const why = suspended ? `replaced under ${suspended.overlay} (${suspended.citation.section})` : 'no longer applies';
      endInstance(instance, 'cancelled', at, `${why}: ${cause}`);
      if (fx.narrates) state.timeline.push({ at, kind: 'clock', text: `no longer running: ${old.label} — ${why}`, ref: instance.key });
      fx.clock(instance, 'cancelled', at);
      closeEscalationsFor(state, (e) => e.cause.kind === 'clock-breach' && e.cause.clockKey === instance.key, at, `${old.label} ${why}`, fx);
    } else if (!sameTerms(old, now)) {
      if (!now.durationFact) instance.amount = now.duration.amount;
      refreshDue(next, instance);
      if (instance.status === 'breached' && instance.dueAt !== null && instance.dueAt > at) {
        instance.status = instance.pauses.some((p) => p.to === undefined) ? 'paused' : 'running';
        delete instance.breachedAt;
        closeEscalationsFor(state, (e) => e.cause.kind === 'clock-breach' && e.cause.clockKey === instance.key, at, `deadline moved: ${reason}`, fx);
      }
      if (fx.narrates) state.timeline.push({ at, kind: 'clock', text: `re-computed: ${now.label} under ${now.tightenedBy.map((t) => `${t.overlay} (${t.citation.section})`).join(', ') || 'the pack'}`, ref: instance.key });
      fx.clock(instance, 'recomputed', at);
    }
  }

  const change: OverlayChange = { at, added: added.map((o) => o.id), removed: removed.map((o) => o.id), fromCaseSopHash: sop.caseSopHash, toCaseSopHash: next.caseSopHash, reason };
  (state.overlayChanges ??= []).push(change);
  state.caseSopHash = next.caseSopHash;
  const listed = [...change.added.map((id) => `+${id}`), ...change.removed.map((id) => `-${id}`)].join(' ');
  if (fx.narrates) state.timeline.push({ at, kind: 'sop', text: `overlays changed (${listed}): ${reason}`, ref: next.caseSopHash });
  fx.overlays(change);
  return reason;
}
