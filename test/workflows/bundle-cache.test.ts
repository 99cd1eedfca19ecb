// A restarted worker takes its workflow bundle from the copy kept by the hash of what it is built from.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BundleOptions } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { workflowsPath } from '../../worker/create-worker';
import { bundleSopflowWorkflows, cachedSopflowBundle, workflowBundleFile } from '../../worker/workflow-bundle';

/** A bundler logger that keeps what it was told (webpack's report is logged only when webpack runs). */
function recorder(): { logger: NonNullable<BundleOptions['logger']>; lines: string[] } {
  const lines: string[] = [];
  const log = (_level: unknown, m: string): void => void lines.push(m);
  const at = (m: string): void => void lines.push(m);
  return { lines, logger: { info: at, warn: at, error: at, debug: at, trace: at, log } };
}

describe('the kept workflow bundle', () => {
  it('is built once for the same inputs, equals a fresh build, and other packs make another', { timeout: 120_000 }, async () => {
    const file = workflowBundleFile(workflowsPath);
    fs.rmSync(file, { force: true });
    const first = recorder();
    const code = await cachedSopflowBundle(workflowsPath, { logger: first.logger });
    expect(first.lines.some((l) => /Workflow bundle created/.test(l))).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe(code);

    const again = recorder();
    expect(await cachedSopflowBundle(workflowsPath, { logger: again.logger })).toBe(code);
    expect(again.lines).toEqual([]); // webpack did not run

    const quiet = recorder();
    expect(await bundleSopflowWorkflows(workflowsPath, { logger: quiet.logger })).toBe(code);

    // Another set of shipped packs is another input: another file.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-packs-'));
    for (const part of ['punjab', 'overlays']) fs.cpSync(path.resolve('sop-definitions', part), path.join(dir, part), { recursive: true });
    expect(workflowBundleFile(workflowsPath, dir)).not.toBe(file);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
