// `npm run worker` stops on SIGTERM even once the Temporal server is gone: without a bound, the SDK's graceful
// shutdown kept retrying its last calls to the dead server and the process never exited (a supervisor, or the
// crash campaign, had to SIGKILL it).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ProcessStack } from '../../chaos/stack';
import { freePort } from '../../local-temporal/free-port';

describe('the worker process', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-worker-stop-'));
  let stack: ProcessStack | undefined;
  afterAll(async () => {
    await stack?.stopAll();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('exits on SIGTERM after the dev server was killed', { timeout: 240_000 }, async () => {
    stack = new ProcessStack({ dataDir, ports: { dev: await freePort(), api: await freePort(), oidc: await freePort() } });
    await stack.start('server');
    await stack.start('worker');
    await stack.kill('server');
    const asked = Date.now();
    // Longer than the worker's own bound (worker/main.ts), so a SIGKILL here means it did not stop by itself.
    expect(await stack.stop('worker', 30_000)).toBe('exited');
    console.log(`worker exited ${Date.now() - asked} ms after SIGTERM with the server gone`);
  });
});
