// How late the dev server fires a timer armed just after another fired. Its history service reads the timer
// queue ahead to now + history.timerProcessorMaxTimeShift and moves a timer created inside that window past it;
// with the server's 1 s default a 300 ms wake-up fired ~0.7 s late, which the crash campaign counted as late
// clocks. sopflow's dev server runs with TIMER_MAX_TIME_SHIFT; the control runs the same probe with the default.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { tsToMs } from '@temporalio/common/lib/time';
import { startDevServer } from '../../local-temporal/dev-server';
import { freePort } from '../../local-temporal/free-port';
import type { ServerProcess } from '../../local-temporal/server-process';
import { timerPairProbeWorkflow } from '../support/workflows/index';
import { devServerEnvironment, testWorker } from '../support/temporal';

const FIRST_MS = 1_000;
const SECOND_MS = 300;
const RUNS = 3;

/** For each run of the probe, how long after its due time the second timer fired (ms). */
async function secondTimerLateness(timerMaxTimeShift: string | undefined): Promise<{ server: ServerProcess; lateness: number[] }> {
  const dir = fs.mkdtempSync(path.join(inject('testRunDir'), 'timer-precision-'));
  const server = await startDevServer({ port: await freePort(), logFile: path.join(dir, 'dev-server.log'), ...(timerMaxTimeShift ? { timerMaxTimeShift } : {}) });
  const env = await devServerEnvironment(server.address);
  const taskQueue = 'timer-precision';
  const worker = await testWorker(env, taskQueue);
  const lateness: number[] = [];
  await worker.runUntil(async () => {
    for (let run = 0; run < RUNS; run++) {
      const handle = await env.client.workflow.start(timerPairProbeWorkflow, { taskQueue, workflowId: `timer-pair-${run}`, args: [FIRST_MS, SECOND_MS] });
      await handle.result();
      const events = (await handle.fetchHistory()).events ?? [];
      const started = events.filter((e) => e.timerStartedEventAttributes);
      const fired = events.filter((e) => e.timerFiredEventAttributes);
      expect(started).toHaveLength(2);
      expect(fired).toHaveLength(2);
      lateness.push(tsToMs(fired[1]!.eventTime) - (tsToMs(started[1]!.eventTime) + SECOND_MS));
    }
  });
  await env.teardown();
  return { server, lateness };
}

describe('timer precision on the dev server', () => {
  let server: ServerProcess | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('fires a wake-up armed 300 ms before its due time within 200 ms of it', async () => {
    const measured = await secondTimerLateness(undefined);
    server = measured.server;
    for (const ms of measured.lateness) expect(ms).toBeLessThan(200);
  });

  it('control: with the server default read-ahead (1s) the same wake-up fires over 400 ms late', async () => {
    const measured = await secondTimerLateness('1s');
    server = measured.server;
    for (const ms of measured.lateness) expect(ms).toBeGreaterThan(400);
  });
});
