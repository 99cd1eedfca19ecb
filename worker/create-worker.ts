// Wires a Temporal worker: a workflow bundle (by default the production one, workflows/index.ts) plus
// activities built from their dependencies. Used by worker/run-worker.ts, the benchmarks and the tests alike.
import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDependencies } from '../activities/index';
import { sopflowBundlerOptions } from './workflow-bundle';

/** The production bundle's entry: only the workflows a deployment hosts. */
export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export interface SopflowWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** Required, so no worker can write payloads in clear: `encryptedDataConverter(...)`. */
  dataConverter: DataConverter;
  /** Where notifications and case events go: `localActivityDependencies(dataDir)` or a deployment's own. */
  activityDependencies: ActivityDependencies;
  /** A pre-built bundle (tests bundle once per run); default: bundle `workflowsEntry` now. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Entry to bundle when no `workflowBundle` is given; default `workflowsPath` (benchmarks pass their own). */
  workflowsEntry?: string;
  /** Threads running workflow code (one V8 context each); default the SDK's one. */
  workflowThreads?: number;
}

/**
 * How long a workflow task may wait on a worker's sticky queue before any worker may take it. The SDK's 10 s
 * default made a clock that fell due just after a worker was killed (kill -9: its sticky queue is not released)
 * fire up to 10 s late, waiting for the dead worker; the crash campaign (chaos/) holds breaches to 1 s. Much
 * shorter, and a busy worker's own tasks miss its cache and replay (more work when it is already behind).
 */
export const STICKY_SCHEDULE_TO_START = '1s';

/**
 * A stop is bounded: running activities get a few seconds to finish (each is idempotent and retried elsewhere),
 * and the worker gives up waiting after SHUTDOWN_FORCE (with the server gone, core retries its last completions
 * and polls and a graceful stop never ends).
 */
export const SHUTDOWN_GRACE = '3s';
export const SHUTDOWN_FORCE = '10s';

export function createSopflowWorker(options: SopflowWorkerOptions): Promise<Worker> {
  return Worker.create({
    stickyQueueScheduleToStartTimeout: STICKY_SCHEDULE_TO_START,
    shutdownGraceTime: SHUTDOWN_GRACE,
    shutdownForceTime: SHUTDOWN_FORCE,
    ...(options.workflowThreads ? { workflowThreadPoolSize: options.workflowThreads } : {}),
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    dataConverter: options.dataConverter,
    activities: createActivities(options.activityDependencies),
    // A pre-built bundle was built with sopflowBundlerOptions too (bundleSopflowWorkflows).
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath: options.workflowsEntry ?? workflowsPath, bundlerOptions: sopflowBundlerOptions(options.activityDependencies.sopDefinitionsDir) }),
  });
}
