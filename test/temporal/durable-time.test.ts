import { describe, expect, it } from 'vitest';
import { timerProbeWorkflow } from '../support/workflows/index';
import { environmentForSuite, testWorker, uniqueTaskQueue } from '../support/temporal';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('durable time on the time-skipping server', () => {
  const suiteEnv = environmentForSuite('timeSkipping');

  it('a workflow sleeping 14 days (the s.173 investigation period) completes, and the server clock moved 14 days', async () => {
    const env = suiteEnv();
    const taskQueue = uniqueTaskQueue('durable-time');
    const worker = await testWorker(env, taskQueue);
    const serverBefore = await env.currentTimeMs();

    const result = await worker.runUntil(
      env.client.workflow.execute(timerProbeWorkflow, { taskQueue, workflowId: taskQueue, args: [14 * DAY_MS] }),
    );

    const serverAfter = await env.currentTimeMs();
    expect(serverAfter - serverBefore).toBeGreaterThanOrEqual(14 * DAY_MS);
    // The workflow's own clock saw the same 14 days pass between starting and finishing its timer.
    expect(result.finishedAtMs - result.startedAtMs).toBeGreaterThanOrEqual(14 * DAY_MS);
  });
});
