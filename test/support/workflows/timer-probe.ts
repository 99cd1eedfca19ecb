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
