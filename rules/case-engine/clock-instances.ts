// Clock instances: starting, pausing, resuming, extending and ending one run of a statutory clock, with its
// due time always derived from the legal-time calculus.
import type { CompiledSop, EffectiveClock } from '../compiler/compile-sop';
import { computeDeadline, warningTime } from '../legal-time/index';
import type { DeadlineInput, Instant } from '../legal-time/types';
import type { CaseFacts } from '../schema/case-facts';
import type { CaseState, ClockInstance } from './case-state';

export function clockSpec(sop: CompiledSop, clockId: string): EffectiveClock {
  const clock = sop.clocks.find((c) => c.id === clockId);
  if (!clock) throw new Error(`clock "${clockId}" is not part of this case's SOP`);
  return clock;
}

export function deadlineInput(sop: CompiledSop, clock: EffectiveClock, instance: ClockInstance): DeadlineInput {
  const calendar = clock.calendar ? sop.calendars.find((c) => c.id === clock.calendar) : undefined;
  return {
    start: instance.startedAt,
    duration: { amount: instance.amount, unit: clock.duration.unit },
    ...(calendar ? { calendar } : {}),
    rollForward: clock.rollForward,
    tolling: instance.pauses,
    extensions: instance.extensions,
    ...(clock.tolling?.counting ? { counting: clock.tolling.counting } : {}),
  };
}

/** Re-derives due and warning times after anything that moves them (start, pause, resume, extension). */
export function refreshDue(sop: CompiledSop, instance: ClockInstance): void {
  const clock = clockSpec(sop, instance.clockId);
  const result = computeDeadline(deadlineInput(sop, clock, instance));
  instance.dueAt = result.dueAt;
  instance.warnAt = result.dueAt !== null && clock.warnBefore ? warningTime(result.dueAt, clock.warnBefore) : null;
  // A warning point already behind the start (very short remaining time) is not worth a warning.
  if (instance.warnAt !== null && instance.warnAt <= instance.startedAt) instance.warned = true;
}

/** How an instance names its accused: a1's runs (and the case's) carry none, so single-accused keys are unchanged. */
export const accusedOfRun = (accused: string | undefined): string | undefined => (accused === undefined || accused === 'a1' ? undefined : accused);

/** The live run of a clock (for one accused of a per-accused clock; a1 by default). */
export function activeInstance(state: CaseState, clockId: string, accused?: string): ClockInstance | undefined {
  const who = accusedOfRun(accused);
  for (let i = state.clocks.length - 1; i >= 0; i--) {
    const c = state.clocks[i]!;
    if (c.clockId === clockId && c.accused === who) return c.status === 'running' || c.status === 'paused' || c.status === 'breached' ? c : undefined;
  }
  return undefined;
}

/** Every live run of a clock: one per accused for a per-accused clock. */
export function liveInstances(state: CaseState, clockId: string): ClockInstance[] {
  const seen = new Set<string | undefined>();
  const out: ClockInstance[] = [];
  for (let i = state.clocks.length - 1; i >= 0; i--) {
    const c = state.clocks[i]!;
    if (c.clockId !== clockId || seen.has(c.accused)) continue;
    seen.add(c.accused);
    if (c.status === 'running' || c.status === 'paused' || c.status === 'breached') out.unshift(c);
  }
  return out;
}

export function startInstance(sop: CompiledSop, state: CaseState, clock: EffectiveClock, at: Instant, by: string, facts: CaseFacts, accused?: string): ClockInstance {
  const who = accusedOfRun(accused);
  const n = state.clocks.filter((c) => c.clockId === clock.id && c.accused === who).length + 1;
  const fromFact = clock.durationFact ? facts[clock.durationFact] : undefined;
  const instance: ClockInstance = {
    key: who === undefined ? `${clock.id}#${n}` : `${clock.id}@${who}#${n}`,
    clockId: clock.id,
    ...(who !== undefined ? { accused: who } : {}),
    status: 'running',
    startedAt: at,
    startedBy: by,
    amount: typeof fromFact === 'number' ? fromFact : clock.duration.amount,
    pauses: [],
    extensions: [],
    dueAt: null,
    warnAt: null,
    warned: false,
  };
  refreshDue(sop, instance);
  state.clocks.push(instance);
  return instance;
}

export function endInstance(instance: ClockInstance, status: 'met' | 'cancelled', at: Instant, by: string): void {
  // Every ground still holding ends with the clock.
  for (const p of instance.pauses) if (p.to === undefined) p.to = at;
  if (status === 'met' && instance.status === 'breached') instance.late = true;
  instance.status = status;
  instance.endedAt = at;
  instance.endedBy = by;
}

/** The tolling grounds holding the clock now, in order of onset. */
export function openGrounds(instance: ClockInstance): string[] {
  return instance.pauses.filter((p) => p.to === undefined).map((p) => p.ground ?? p.reason);
}

export interface GroundChange {
  /** Grounds that began (each with the event that began it). */
  began: { ground: string; reason: string }[];
  /** Grounds that ended. */
  ended: string[];
  before: string[];
  after: string[];
}

/**
 * Ends and begins tolling grounds at one instant. The clock is paused while any ground holds (its due time is
 * computed from the union of the intervals); a ground already holding is not begun twice, and ending a ground
 * that does not hold does nothing: an arrest does not end a stay.
 */
export function changeGrounds(sop: CompiledSop, instance: ClockInstance, at: Instant, end: string[], begin: { ground: string; reason: string }[]): GroundChange {
  const before = openGrounds(instance);
  const ended: string[] = [];
  for (const ground of end) {
    const open = instance.pauses.find((p) => p.to === undefined && (p.ground ?? p.reason) === ground);
    if (!open) continue;
    open.to = at;
    ended.push(ground);
  }
  const began: GroundChange['began'] = [];
  for (const b of begin) {
    if (openGrounds(instance).includes(b.ground)) continue;
    // Ended and begun again at the same instant: the ground never stopped holding.
    const reopened = ended.includes(b.ground) ? instance.pauses.find((p) => p.to === at && (p.ground ?? p.reason) === b.ground) : undefined;
    if (reopened) {
      delete reopened.to;
      ended.splice(ended.indexOf(b.ground), 1);
      continue;
    }
    instance.pauses.push({ from: at, reason: b.reason, ground: b.ground });
    began.push(b);
  }
  const after = openGrounds(instance);
  if (instance.status !== 'breached') instance.status = after.length > 0 ? 'paused' : 'running';
  if (began.length > 0 || ended.length > 0) refreshDue(sop, instance);
  return { began, ended, before, after };
}
