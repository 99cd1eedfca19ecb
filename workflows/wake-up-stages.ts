// How a case workflow reaches a far wake-up: in stages that land at set points before it (runs since patch
// 'timer-landings'), in the stages of 'timer-stages' before that, or with one 2 s lead (runs of 'timer-lead' before
// those; their histories replay with them). A Temporal timer counts
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

/**
 * Where the stages of runs since 'timer-landings' land: this long before the wake-up (ms), farthest first. A task
 * that arms a stage may itself be slow (the first task after a worker restart replays its case while the other
 * cases replay too: 1-2 s here), and its timer fires that much late. A stage armed from under a landing point by
 * less than LANDING_STEP aims at the next point instead, so a slow task lands its timer short of the wake-up and a
 * quick one arms the last stretch: the wake-up is late only when the last, sub-second stage's task is slow.
 */
const LANDINGS = [3_000, 2_000, 800];
const LANDING_STEP = 200;

/** The timer to arm towards a wake-up `delay` ms away (at least 1 ms, at most `delay`): to the next landing point. */
export function landingDelay(delay: number): number {
  for (const point of LANDINGS) if (delay - point >= LANDING_STEP) return delay - point;
  return delay;
}
