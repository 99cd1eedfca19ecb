// How a case workflow reaches a far wake-up: in stages (runs since patch 'timer-stages'), or with one 2 s lead (runs
// of 'timer-lead' before it, whose histories replay with it). A Temporal timer counts
// from when the server records it, at the end of the workflow task that armed it, while the workflow's clock reads
// that task's start: each timer fires late by the duration of the task that armed it. So the first timer lands 3 s
// early and the second 1 s early, each wake-up finding its clock not yet due and arming the rest; the clock fires
// late only by the last, short task. A task that waited up to a second (a worker catching up on replays after a
// restart) delays the next stage, not the clock. Never early: the core breaches a clock only once workflow time
// has reached its due time.

/** How early a far wake-up's first timer was armed by runs of patch 'timer-lead' before 'timer-stages'. */
const TIMER_LEAD_MS = 2_000;

/** The timer runs of 'timer-lead' (before 'timer-stages') arm: one lead of 2 s, then the rest. */
export function leadDelay(delay: number): number {
  return delay > 2 * TIMER_LEAD_MS ? delay - TIMER_LEAD_MS : delay;
}

/** The timer to arm towards a wake-up `delay` ms away (at least 1 ms, at most `delay`). */
export function stagedDelay(delay: number): number {
  if (delay > 6_000) return delay - 3_000;
  if (delay > 2_000) return delay - 1_000;
  return delay;
}
