// Connects a test file to the servers the global setup started.
import { randomUUID } from 'node:crypto';
import { Connection } from '@temporalio/client';
import { InternalConnectionOptionsSymbol } from '@temporalio/client/lib/connection';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, inject } from 'vitest';
import { createSopflowWorker } from '../../worker/create-worker';
import { testDataConverter } from './test-payload-key';

/**
 * A time-skipping environment on the shared test server. The SDK only offers this for servers it spawns
 * itself; the protected constructor lets us attach to ours (one JVM per run instead of one per file).
 */
class SharedTimeSkippingEnvironment extends TestWorkflowEnvironment {
  static async attach(address: string): Promise<TestWorkflowEnvironment> {
    const internal = { [InternalConnectionOptionsSymbol]: { supportsTestService: true } };
    const nativeConnection = await NativeConnection.connect({ address, ...internal });
    const connection = await Connection.connect({ address, ...internal });
    return new SharedTimeSkippingEnvironment(
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

export function timeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  return SharedTimeSkippingEnvironment.attach(inject('timeSkippingAddress'));
}

export function devServerEnvironment(address = inject('devServerAddress')): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createFromExistingServer({ address, namespace: 'default', client: { dataConverter: testDataConverter } });
}

export function uniqueTaskQueue(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

/** A worker on the given environment hosting sopflow's workflows, from the run's pre-built bundle. */
export function testWorker(env: TestWorkflowEnvironment, taskQueue: string): Promise<Worker> {
  return createSopflowWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue,
    dataConverter: testDataConverter,
    workflowBundle: { codePath: inject('workflowBundlePath') },
  });
}

/**
 * For a describe block: connects to the run's time-skipping or dev server for the block's tests and closes the
 * connection afterwards. Call it at describe level; call the returned function inside tests.
 */
export function environmentForSuite(server: 'timeSkipping' | 'dev'): () => TestWorkflowEnvironment {
  let env: TestWorkflowEnvironment | undefined;
  beforeAll(async () => {
    env = server === 'timeSkipping' ? await timeSkippingEnvironment() : await devServerEnvironment();
  });
  afterAll(async () => {
    await env?.teardown();
  });
  return () => {
    if (!env) throw new Error('the suite environment is not ready (use it inside a test)');
    return env;
  };
}

/** As `environmentForSuite`, with a worker running on a fresh task queue for the whole block. */
export function workerForSuite(server: 'timeSkipping' | 'dev', prefix: string): { env: () => TestWorkflowEnvironment; taskQueue: string } {
  const env = environmentForSuite(server);
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  const taskQueue = uniqueTaskQueue(prefix);
  beforeAll(async () => {
    worker = await testWorker(env(), taskQueue);
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
  });
  return { env, taskQueue };
}

/** A worker hosting a test-only workflow file (bundled now), for checks that code runs in the workflow sandbox. */
export async function sandboxProbeWorker(env: TestWorkflowEnvironment, workflowsPath: string, prefix: string): Promise<{ worker: Worker; taskQueue: string }> {
  const { code } = await bundleWorkflowCode({
    workflowsPath,
    logger: { info() {}, warn() {}, error() {}, debug() {}, trace() {}, log() {} },
  });
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
