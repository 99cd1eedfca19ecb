// Connects a test file to the servers the global setup started.
import { randomUUID } from 'node:crypto';
import { Connection } from '@temporalio/client';
import { InternalConnectionOptionsSymbol } from '@temporalio/client/lib/connection';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { createSopflowWorker } from '../../worker/create-worker';

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
      { client: {}, server: { type: 'existing' }, plugins: [] } as never,
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
  return TestWorkflowEnvironment.createFromExistingServer({ address, namespace: 'default' });
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
    workflowBundle: { codePath: inject('workflowBundlePath') },
  });
}
