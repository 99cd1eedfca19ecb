// A durable-timer probe: sleeps for a duration on a Temporal timer and reports the workflow clock before
// and after. The tests use it to prove time is durable; it ships only in the test bundle.
import { sleep } from '@temporalio/workflow';

export interface TimerProbeResult {
  startedAtMs: number;
  finishedAtMs: number;
}

export async function timerProbeWorkflow(durationMs: number): Promise<TimerProbeResult> {
  const startedAtMs = Date.now(); // workflow time: deterministic inside the sandbox
  await sleep(durationMs);
  return { startedAtMs, finishedAtMs: Date.now() };
}

/**
 * Two timers back to back: the second is armed the moment the first fires, which is when the server's timer queue
 * has just read ahead (test/temporal/timer-precision.test.ts measures how late the second fires).
 */
export async function timerPairProbeWorkflow(firstMs: number, secondMs: number): Promise<void> {
  await sleep(firstMs);
  await sleep(secondMs);
}
