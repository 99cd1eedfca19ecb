import { describe, expect, it } from 'vitest';
import { landingDelay, stagedDelay } from '../../workflows/wake-up-stages';

/** Follows the stages of one wake-up: each task starts `taskMs` after its timer fired and arms the next timer
 * `armMs` after it started (when the server records it). Returns the instants the wake-up's timers fire. */
function fires(delay: number, taskMs: (stage: number) => number, armMs: (stage: number) => number, rule: (delay: number) => number = stagedDelay): number[] {
  const due = delay;
  const out: number[] = [];
  let now = 0; // the arming task's start: the workflow's clock
  for (let stage = 0; stage < 10; stage++) {
    const remaining = due - now;
    if (remaining <= 0) break;
    const fire = now + armMs(stage) + rule(Math.max(1, remaining));
    out.push(fire);
    now = fire + taskMs(stage);
  }
  return out;
}

describe('stagedDelay', () => {
  it('never arms past the wake-up and never less than a millisecond', () => {
    for (const delay of [1, 2, 999, 1_000, 2_000, 2_001, 5_999, 6_000, 6_001, 86_400_000]) {
      expect(stagedDelay(delay)).toBeLessThanOrEqual(delay);
      expect(stagedDelay(delay)).toBeGreaterThanOrEqual(1);
    }
  });

  it('reaches a far wake-up in three timers, the last armed by a task well under a second before it', () => {
    const times = fires(3_600_000, () => 50, () => 100);
    expect(times).toHaveLength(3);
    expect(times.at(-1)! - 3_600_000).toBe(100); // late only by the last arming task
  });

  it('a slow second-stage task (a worker catching up) delays the next stage, not the clock, by what exceeds 1 s', () => {
    // With one stage 2 s early (the 'timer-lead' runs) the clock fired as late as that slow task took (1.2 s).
    const slow = (stage: number): number => (stage === 1 ? 1_200 : 100);
    const times = fires(3_600_000, () => 20, slow);
    // The stage armed by the slow task fires 200 ms past due: the workflow finds the clock due there and breaches.
    expect(times.at(-1)! - 3_600_000).toBe(200);
  });

  it('short waits arm the wake-up itself', () => {
    expect(fires(1_500, () => 0, () => 30)).toEqual([1_530]);
  });
});

describe('landingDelay', () => {
  const HOUR = 3_600_000;

  it('never arms past the wake-up and never less than a millisecond', () => {
    for (const delay of [1, 2, 199, 800, 999, 1_000, 2_000, 2_199, 2_200, 3_000, 3_199, 3_200, 5_999, 86_400_000]) {
      expect(landingDelay(delay)).toBeLessThanOrEqual(delay);
      expect(landingDelay(delay)).toBeGreaterThanOrEqual(1);
    }
  });

  it('reaches a far wake-up in four timers, landing 3 s, 2 s and 0.8 s before it, the last late only by its arming task', () => {
    const times = fires(HOUR, () => 20, () => 100, landingDelay);
    expect(times.map((t) => t - HOUR)).toEqual([-2_900, -1_900, -700, 100]);
  });

  it('a slow task woken 3 s before (the first after a worker restart) lands its stage short of the wake-up', () => {
    // The task woken by the first stage replays for 1.9 s. Under 'timer-stages' the stage it armed fired 900 ms past
    // due; here it lands before due and a quick task arms the rest.
    const slow = (stage: number): number => (stage === 1 ? 1_900 : 100);
    expect(fires(HOUR, () => 20, slow, stagedDelay).at(-1)! - HOUR).toBe(900);
    expect(fires(HOUR, () => 20, slow, landingDelay).at(-1)! - HOUR).toBe(100);
  });

  it('a wait under a landing step arms the wake-up itself', () => {
    expect(fires(700, () => 0, () => 30, landingDelay)).toEqual([730]);
  });
});
