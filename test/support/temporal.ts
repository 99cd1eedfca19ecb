// Connects a test file to the servers the global setup started.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { InternalConnectionOptionsSymbol } from '@temporalio/client/lib/connection';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, inject } from 'vitest';
import { localActivityDependencies, type ActivityDependencies } from '../../activities/index';
import { freePort } from '../../local-temporal/free-port';
import type { ReadModelDb } from '../../projection/read-model';
import type { ServerProcess } from '../../local-temporal/server-process';
import { startTimeSkippingServer } from '../../local-temporal/time-skipping-server';
import { createSopflowWorker } from '../../worker/create-worker';
import { bundleSopflowWorkflows } from '../../worker/workflow-bundle';
import { testDataConverter } from './test-payload-key';
import { quietBundlerLogger } from './workflow-modules';

/**
 * A time-skipping environment on a test server we started. The SDK only offers this for servers it spawns
 * itself (downloading them, with a 5 s start limit); the protected constructor lets us attach to ours.
 */
class AttachedTimeSkippingEnvironment extends TestWorkflowEnvironment {
  static async attach(address: string): Promise<TestWorkflowEnvironment> {
    const internal = { [InternalConnectionOptionsSymbol]: { supportsTestService: true } };
    const nativeConnection = await NativeConnection.connect({ address, ...internal });
    const connection = await Connection.connect({ address, ...internal });
    return new AttachedTimeSkippingEnvironment(
      Runtime.instance(),
      { client: { dataConverter: testDataConverter }, server: { type: 'existing' }, plugins: [] } as never,
      true,
      'existing',
      connection,
      nativeConnection,
      'default',
      address,
    );
  }
}

export function devServerEnvironment(address = inject('devServerAddress')): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createFromExistingServer({ address, namespace: 'default', client: { dataConverter: testDataConverter } });
}

/** The local file outbox and event sink in a fresh temporary directory. */
export function temporaryActivityDependencies(): ReturnType<typeof localActivityDependencies> & { dataDir: string } {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-activities-'));
  return { ...localActivityDependencies(dataDir), dataDir };
}

export function uniqueTaskQueue(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

/** A worker on the given environment hosting sopflow's workflows, from the run's pre-built bundle. */
export function testWorker(env: TestWorkflowEnvironment, taskQueue: string, activityDependencies: ActivityDependencies = temporaryActivityDependencies()): Promise<Worker> {
  return createSopflowWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue,
    dataConverter: testDataConverter,
    activityDependencies,
    workflowBundle: { codePath: inject('workflowBundlePath') },
  });
}

/**
 * For a describe block: connects to the run's time-skipping or dev server for the block's tests and closes the
 * connection afterwards. Call it at describe level; call the returned function inside tests.
 */
export function environmentForSuite(server: 'timeSkipping' | 'dev'): () => TestWorkflowEnvironment {
  let env: TestWorkflowEnvironment | undefined;
  let own: ServerProcess | undefined;
  beforeAll(async () => {
    if (server === 'timeSkipping') {
      // Each time-skipping suite gets its own server (a JVM start, ~2 s): a time-skipping lock leaked by one
      // file's workflows (see terminateWhenIdle) cannot make another file's timers wait in real time.
      const port = await freePort();
      own = await startTimeSkippingServer({ port, logFile: path.join(inject('testRunDir'), `time-skipping-${port}.log`) });
      env = await AttachedTimeSkippingEnvironment.attach(own.address);
    } else {
      env = await devServerEnvironment();
    }
  });
  afterAll(async () => {
    await env?.teardown();
    await own?.stop();
  });
  return () => {
    if (!env) throw new Error('the suite environment is not ready (use it inside a test)');
    return env;
  };
}

/**
 * As `environmentForSuite`, with a worker running on a fresh task queue for the whole block. With `readModel`
 * (e.g. readModelForSuite's getter, registered before this call so it opens first), the worker projects the
 * cases' effects into it; without, it projects nothing.
 */
export function workerForSuite(
  server: 'timeSkipping' | 'dev',
  prefix: string,
  options: { readModel?: () => ReadModelDb } = {},
): { env: () => TestWorkflowEnvironment; taskQueue: string; activities: ReturnType<typeof temporaryActivityDependencies> } {
  const env = environmentForSuite(server);
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  const taskQueue = uniqueTaskQueue(prefix);
  const activities = temporaryActivityDependencies();
  beforeAll(async () => {
    worker = await testWorker(env(), taskQueue, options.readModel ? { ...activities, readModel: options.readModel() } : activities);
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
  });
  return { env, taskQueue, activities };
}

/** A worker hosting a test-only workflow file (bundled now), for checks that code runs in the workflow sandbox. */
export async function sandboxProbeWorker(env: TestWorkflowEnvironment, workflowsPath: string, prefix: string): Promise<{ worker: Worker; taskQueue: string }> {
  const code = await bundleSopflowWorkflows(workflowsPath, { logger: quietBundlerLogger });
  const taskQueue = uniqueTaskQueue(prefix);
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue,
    workflowBundle: { code },
    dataConverter: testDataConverter,
    // Registered only so the worker does not warn about having no activities.
    activities: { noop: () => Promise.resolve() },
  });
  return { worker, taskQueue };
}

/**
 * Terminates a test's case once its activities have finished. The time-skipping server holds time still while an
 * activity is outstanding, and a workflow closed under a running activity leaves that hold behind for good
 * (temporalio/sdk-java#1138): every later test would then sleep in real time. So wait, patiently on a loaded
 * machine, and say so if the case never became idle.
 */
export async function terminateWhenIdle(env: TestWorkflowEnvironment, workflowId: string, reason = 'test finished'): Promise<void> {
  const handle = env.client.workflow.getHandle(workflowId);
  // Idle twice in a row: a workflow task in flight may be about to schedule an activity.
  let idleReads = 0;
  for (let i = 0; i < 1200 && idleReads < 2; i++) {
    const description = await handle.describe().catch(() => undefined);
    if (!description || description.status.name !== 'RUNNING') return;
    const idle = (description.raw.pendingActivities ?? []).length === 0 && !description.raw.pendingWorkflowTask;
    idleReads = idle ? idleReads + 1 : 0;
    await new Promise((r) => setTimeout(r, 25));
  }
  if (idleReads < 2) console.warn(`${workflowId}: still busy after 30 s; terminating it may stall time skipping for later tests`);
  await handle.terminate(reason).catch(() => undefined);
}
