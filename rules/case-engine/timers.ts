// Time passing: warnings, breaches and SLA climbs that fall due up to an instant, processed in time order.
// The host asks `nextTimerAt` when to wake up; the core never schedules anything itself.
import type { CompiledSop } from '../compiler/compile-sop';
import { describeClock } from '../legal-time/index';
import type { Instant } from '../legal-time/types';
import { sopBasis, type CaseState, type ClockInstance, type Escalation } from './case-state';
import { clockSpec, deadlineInput } from './clock-instances';
import { climb, openEscalation } from './escalations';
import type { EffectLog } from './effects';

type Timer =
  | { at: Instant; order: 0; kind: 'warning'; clock: ClockInstance }
  | { at: Instant; order: 1; kind: 'breach'; clock: ClockInstance }
  | { at: Instant; order: 2; kind: 'climb'; escalation: Escalation };

const timerKey = (t: Timer): string => (t.kind === 'climb' ? t.escalation.id : t.clock.key);

/** Whether timer a falls due before timer b: by time, then warning < breach < climb, then by key. */
function earlier(a: Timer, b: Timer): boolean {
  if (a.at !== b.at) return a.at < b.at;
  if (a.order !== b.order) return a.order < b.order;
  return timerKey(a) < timerKey(b);
}

/**
 * The timer due first, by one scan (it runs before every event and at every wake-up, so sorting all pending
 * timers to take the first was wasted). Ties keep the first found, as the stable sort it replaces did.
 */
function firstTimer(state: CaseState): Timer | undefined {
  let first: Timer | undefined;
  const consider = (t: Timer): void => {
    if (first === undefined || earlier(t, first)) first = t;
  };
  for (const clock of state.clocks) {
    if (clock.status !== 'running') continue;
    if (clock.warnAt !== null && !clock.warned) consider({ at: clock.warnAt, order: 0, kind: 'warning', clock });
    if (clock.dueAt !== null) consider({ at: clock.dueAt, order: 1, kind: 'breach', clock });
  }
  for (const e of state.escalations) {
    if (e.status === 'open' && e.slaDueAt !== null) consider({ at: e.slaDueAt, order: 2, kind: 'climb', escalation: e });
  }
  return first;
}

export function nextTimerAt(state: CaseState): Instant | null {
  return firstTimer(state)?.at ?? null;
}

export function advanceTo(sop: CompiledSop, state: CaseState, until: Instant, fx: EffectLog): void {
  for (;;) {
    const next = firstTimer(state);
    if (!next || next.at > until) break;
    fire(sop, state, next, fx);
  }
  if (until > state.now) state.now = until;
}

function fire(sop: CompiledSop, state: CaseState, timer: Timer, fx: EffectLog): void {
  if (timer.kind === 'climb') {
    climb(sop, state, timer.escalation, timer.at, fx);
    return;
  }
  const clock = clockSpec(sop, timer.clock.clockId);
  if (timer.kind === 'warning') {
    timer.clock.warned = true;
    if (fx.narrates) state.timeline.push({ at: timer.at, kind: 'clock', text: `warning: ${clock.label} falls due soon`, ref: timer.clock.key });
    fx.clock(timer.clock, 'warned', timer.at);
    return;
  }
  timer.clock.status = 'breached';
  timer.clock.breachedAt = timer.at;
  timer.clock.warned = true;
  const ledger = describeClock(deadlineInput(sop, clock, timer.clock), timer.at);
  if (fx.narrates) state.timeline.push({ at: timer.at, kind: 'clock', text: `breached: ${clock.label} (${clock.citation.section})`, ref: timer.clock.key });
  fx.clock(timer.clock, 'breached', timer.at);
  if (!clock.onBreach) return;
  // An extension can cure a breach (its task closes) and the extended deadline can then be missed too: that is a
  // new breach and needs a task of its own, under an id distinct from the closed one's.
  const earlier = state.escalations.filter((e) => e.cause.kind === 'clock-breach' && e.cause.clockKey === timer.clock.key).length;
  openEscalation(sop, state, {
    id: earlier === 0 ? `breach:${timer.clock.key}` : `breach:${timer.clock.key}/${earlier + 1}`,
    cause: { kind: 'clock-breach', clockKey: timer.clock.key, clockId: clock.id },
    ladderId: clock.onBreach.ladder,
    startAt: clock.onBreach.startAt,
    at: timer.at,
    explanation: {
      rule: clock.id,
      sopHash: sop.sopHash,
      caseSopHash: sop.caseSopHash,
      citation: clock.citation,
      summary: `${clock.label} — ${ledger.summary}`,
      ...(state.overlayChanges?.length ? { sopBasis: sopBasis(state)! } : {}),
      // The breach rule, stated as a json-rules-engine-style comparison: the deadline had passed.
      comparisons: [{ fact: `clock.${timer.clock.key}.dueAt`, operator: 'lessThanInclusive', value: timer.at, factValue: timer.clock.dueAt, result: true }],
    },
  }, fx);
}
