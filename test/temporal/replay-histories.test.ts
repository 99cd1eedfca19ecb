// Determinism guard: complete histories of representative cases (test/histories, recorded by
// `npm run histories:record`) replay against the workflow code of this commit. A change that would break
// running cases fails here, before it reaches a worker.
import path from 'node:path';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { describe, expect, inject, it } from 'vitest';
import { savedHistories } from '../histories/saved-histories';
import { testDataConverter } from '../support/test-payload-key';
import { quietBundlerLogger } from '../support/workflow-modules';

const saved = savedHistories();

async function replay(workflowBundle: { codePath: string } | { code: string }, histories: typeof saved): Promise<{ workflowId: string; error?: Error }[]> {
  const results = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle, dataConverter: testDataConverter }, histories)) {
    results.push({ workflowId: result.workflowId, ...(result.error ? { error: result.error } : {}) });
  }
  return results;
}

describe('replay of saved histories', () => {
  it('there are saved histories of cases and of escalation tasks', () => {
    expect(saved.filter((h) => !h.file.endsWith('.task.json')).length).toBeGreaterThanOrEqual(5);
    expect(saved.filter((h) => h.file.endsWith('.task.json')).length).toBeGreaterThanOrEqual(1);
  });

  it('every saved history replays against the current workflow code', { timeout: 120_000 }, async () => {
    const results = await replay({ codePath: inject('workflowBundlePath') }, saved);
    expect(results.map((r) => r.workflowId)).toEqual(saved.map((h) => h.workflowId));
    expect(results.filter((r) => r.error).map((r) => `${r.workflowId}: ${r.error!.message}`)).toEqual([]);
  });

  it('a non-deterministic change to the case workflow fails replay', { timeout: 120_000 }, async () => {
    const { code } = await bundleWorkflowCode({
      workflowsPath: path.resolve(import.meta.dirname, 'replay-probe-workflows.ts'),
      logger: quietBundlerLogger,
    });
    const cases = saved.filter((h) => !h.file.endsWith('.task.json')).slice(0, 1);
    const [result] = await replay({ code }, cases);
    expect(result!.error).toBeInstanceOf(DeterminismViolationError);
  });
});
