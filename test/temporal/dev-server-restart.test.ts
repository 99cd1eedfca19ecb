import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { startDevServer } from '../../local-temporal/dev-server';
import { freePort } from '../../local-temporal/free-port';
import type { ServerProcess } from '../../local-temporal/server-process';
import { createSopflowWorker } from '../../worker/create-worker';
import { timerProbeWorkflow } from '../support/workflows/index';
import { testDataConverter as dataConverter } from '../support/test-payload-key';
import { temporaryActivityDependencies } from '../support/temporal';

describe('durability across a dev-server restart', () => {
  const dir = fs.mkdtempSync(path.join(inject('testRunDir'), 'restart-'));
  const dbFile = path.join(dir, 'temporal.sqlite');
  const logFile = path.join(dir, 'dev-server.log');
  let server: ServerProcess | undefined;

  afterAll(async () => {
    await server?.stop();
  });

  it('a workflow started before the server is killed completes after it restarts on the same SQLite file', async () => {
    const port = await freePort();
    server = await startDevServer({ port, dbFile, logFile });
    const taskQueue = 'restart-probe';
    const workflowId = 'restart-probe-1';

    const startConnection = await Connection.connect({ address: server.address });
    const started = await new Client({ connection: startConnection, dataConverter }).workflow.start(timerProbeWorkflow, {
      taskQueue,
      workflowId,
      args: [6_000],
    });
    await startConnection.close();

    // Let a worker run the first workflow task, so the timer is recorded in the database before the crash.
    const workerConnection1 = await NativeConnection.connect({ address: server.address });
    const worker1 = await createSopflowWorker({
      connection: workerConnection1,
      namespace: 'default',
      taskQueue,
      dataConverter,
      activityDependencies: temporaryActivityDependencies(),
      workflowBundle: { codePath: inject('workflowBundlePath') },
    });
    await worker1.runUntil(async () => {
      const probe = await Connection.connect({ address: server!.address });
      const handle = new Client({ connection: probe, dataConverter }).workflow.getHandle(workflowId);
      for (let i = 0; i < 100; i++) {
        const history = await handle.fetchHistory();
        if (history.events?.some((e) => e.timerStartedEventAttributes)) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await probe.close();
    });
    await workerConnection1.close();

    const pidBefore = server.pid;
    await server.kill(); // SIGKILL: no graceful shutdown, as in a crash
    server = await startDevServer({ port, dbFile, logFile });
    expect(server.pid).not.toBe(pidBefore);

    const connection = await Connection.connect({ address: server.address });
    const client = new Client({ connection, dataConverter });
    const workerConnection2 = await NativeConnection.connect({ address: server.address });
    const worker2 = await createSopflowWorker({
      connection: workerConnection2,
      namespace: 'default',
      taskQueue,
      dataConverter,
      activityDependencies: temporaryActivityDependencies(),
      workflowBundle: { codePath: inject('workflowBundlePath') },
    });
    const result = await worker2.runUntil(client.workflow.getHandle<typeof timerProbeWorkflow>(workflowId).result());
    const description = await client.workflow.getHandle(workflowId).describe();
    await workerConnection2.close();
    await connection.close();

    expect(description.status.name).toBe('COMPLETED');
    expect(description.runId).toBe(started.firstExecutionRunId); // the same run, not a restart of the workflow
    expect(result.finishedAtMs - result.startedAtMs).toBeGreaterThanOrEqual(6_000);
  });
});
