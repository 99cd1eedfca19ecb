// Issue 10, defect 11: a kill -9 of `npm start` must not orphan the dev server. Runs the real `npm start`
// (without its prestart: the suite's own setup has run) on fresh ports and data directory, kills it the two
// ways a user can, and starts it again at once each time: it must come up, and at the end nothing holds the ports.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { assertPortFree, freePort } from '../../local-temporal/free-port';

const root = path.resolve(import.meta.dirname, '../..');
const READY = 'press Ctrl-C to stop.';

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<void>;
}

describe('npm start after a kill -9', () => {
  const dataDir = fs.mkdtempSync(path.join(inject('testRunDir'), 'start-kill-'));
  const started: Started[] = [];

  afterAll(() => {
    for (const s of started) {
      try {
        if (s.child.pid) process.kill(-s.child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });

  async function npmStart(ports: { dev: number; ui: number; api: number; oidc: number }): Promise<Started> {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      SOPFLOW_DATA_DIR: dataDir,
      SOPFLOW_DEV_PORT: String(ports.dev),
      SOPFLOW_UI_PORT: String(ports.ui),
      SOPFLOW_API_PORT: String(ports.api),
      SOPFLOW_OIDC_PORT: String(ports.oidc),
    };
    delete env.TEMPORAL_ADDRESS;
    delete env.SOPFLOW_OIDC_ISSUER;
    // Its own process group, so the test can kill the whole of it as a terminal would.
    const child = spawn('npm', ['start', '--ignore-scripts'], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.stderr.on('data', (d: Buffer) => (text += d.toString()));
    // 'close', not 'exit': the output pipes stay open while any process of the start still runs.
    const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
    const s = { child, output: () => text, exited };
    started.push(s);
    const deadline = Date.now() + 120_000;
    while (!text.includes(READY)) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not come up:\n${text}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    return s;
  }

  it('comes up again at once after kill -9 of npm, and after kill -9 of its whole process group', { timeout: 360_000 }, async () => {
    const ports = { dev: await freePort(), ui: await freePort(), api: await freePort(), oidc: await freePort() };

    const first = await npmStart(ports);
    process.kill(first.child.pid!, 'SIGKILL'); // npm alone: sh, tsx and the worker live on
    const second = await npmStart(ports);
    await first.exited;
    expect(first.output()).toMatch(/is gone: stopping the worker/);
    expect(first.output()).toMatch(/sopflow: stopped\./);

    process.kill(-second.child.pid!, 'SIGKILL'); // everything but the server, which runs in its own group
    const third = await npmStart(ports);
    expect(third.output()).not.toMatch(/already in use/);

    process.kill(third.child.pid!, 'SIGTERM');
    await third.exited;
    expect(third.output()).toMatch(/sopflow: stopped\./);
    await assertPortFree(ports.dev, 'the dev server outlived npm start');
    await assertPortFree(ports.ui, 'the Web UI outlived npm start');
    await assertPortFree(ports.api, 'the HTTP API outlived npm start');
    await assertPortFree(ports.oidc, 'the local OpenID provider outlived npm start');
  });
});
