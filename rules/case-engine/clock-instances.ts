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

export function activeInstance(state: CaseState, clockId: string): ClockInstance | undefined {
  for (let i = state.clocks.length - 1; i >= 0; i--) {
    const c = state.clocks[i]!;
    if (c.clockId === clockId) return c.status === 'running' || c.status === 'paused' || c.status === 'breached' ? c : undefined;
  }
  return undefined;
}

export function startInstance(sop: CompiledSop, state: CaseState, clock: EffectiveClock, at: Instant, by: string, facts: CaseFacts): ClockInstance {
  const n = state.clocks.filter((c) => c.clockId === clock.id).length + 1;
  const fromFact = clock.durationFact ? facts[clock.durationFact] : undefined;
  const instance: ClockInstance = {
    key: `${clock.id}#${n}`,
    clockId: clock.id,
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
  if (instance.status === 'paused') {
    const open = instance.pauses[instance.pauses.length - 1];
    if (open && open.to === undefined) open.to = at;
  }
  if (status === 'met' && instance.status === 'breached') instance.late = true;
  instance.status = status;
  instance.endedAt = at;
  instance.endedBy = by;
}

export function pauseInstance(sop: CompiledSop, instance: ClockInstance, at: Instant, reason: string): void {
  instance.pauses.push({ from: at, reason });
  instance.status = 'paused';
  refreshDue(sop, instance);
}

export function resumeInstance(sop: CompiledSop, instance: ClockInstance, at: Instant): void {
  const open = instance.pauses[instance.pauses.length - 1];
  if (open && open.to === undefined) open.to = at;
  instance.status = 'running';
  refreshDue(sop, instance);
}
