import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { SA } from '../../workflows/search-attributes';
import { timerProbeWorkflow } from '../support/workflows/index';
import { environmentForSuite, testWorker } from '../support/temporal';

describe("sopflow's search attributes on the dev server", () => {
  const suiteEnv = environmentForSuite('dev');

  it('are registered, so workflows can be listed by district through visibility', async () => {
    const env = suiteEnv();
    const taskQueue = `sa-${randomUUID()}`;
    const district = `District-${randomUUID().slice(0, 8)}`;
    const worker = await testWorker(env, taskQueue);
    await worker.runUntil(async () => {
      for (const [i, d] of [district, `${district}-other`].entries()) {
        await env.client.workflow.execute(timerProbeWorkflow, {
          taskQueue,
          workflowId: `${taskQueue}-${i}`,
          args: [1],
          typedSearchAttributes: [
            { key: SA.district, value: d },
            { key: SA.level, value: 1 },
          ],
        });
      }
    });

    // Visibility is written asynchronously: poll briefly until the listing settles.
    const query = `${SA.district.name} = '${district}'`;
    let ids: string[] = [];
    for (let i = 0; i < 50 && ids.length === 0; i++) {
      ids = [];
      for await (const wf of env.client.workflow.list({ query })) ids.push(wf.workflowId);
      if (ids.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(ids).toEqual([`${taskQueue}-0`]);
  });
});
