// One short-lived Temporal client per CLI command, from the shared factory (configured cluster or local dev
// server; payloads encrypted): a quick TCP check so an absent server fails fast, a deadline on every call so
// a case with no worker polling its task queue cannot hang the command, and Temporal's errors as one line.
import net from 'node:net';
import { status } from '@grpc/grpc-js';
import {
  type Client,
  isGrpcDeadlineError,
  isGrpcServiceError,
  NamespaceNotFoundError,
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ConfigurationError, loadEnvironment, type Environment } from '../config/environment';
import { createTemporalClient, type TemporalClientHandle } from '../client/temporal-client';
import type { PayloadKeyring } from '../security/payload-encryption-codec';
import { payloadKeyring } from '../security/payload-keys';
import { CliError } from './cli-error';

const CONNECT_TIMEOUT_MS = 5_000;
/** Long enough for a worker to replay a long case; short enough that nobody waits on a stopped worker. */
const CALL_TIMEOUT_MS = 30_000;

export interface TemporalSession {
  client: Client;
  /** Where new cases are started (SOPFLOW_TASK_QUEUE). */
  taskQueue: string;
  address: string;
  namespace: string;
}

function environment(): Environment {
  try {
    return loadEnvironment();
  } catch (err) {
    if (err instanceof ConfigurationError) throw new CliError('configuration', err.message);
    throw err;
  }
}

export async function withTemporal<T>(run: (session: TemporalSession) => Promise<T>): Promise<T> {
  const env = environment();
  const address = env.TEMPORAL_ADDRESS ?? `127.0.0.1:${env.SOPFLOW_DEV_PORT}`;
  // Reachable before keys: a failed command should not leave a freshly generated local key behind.
  await assertReachable(address);
  let keyring: PayloadKeyring;
  try {
    keyring = payloadKeyring(env, {
      onGenerated: (file) => process.stderr.write(`sopflow: generated a local payload key in ${file}; the local worker must use the same data directory\n`),
    });
  } catch (err) {
    if (err instanceof ConfigurationError) throw new CliError('configuration', err.message);
    throw err;
  }
  let temporal: TemporalClientHandle;
  try {
    temporal = await createTemporalClient(env, { keyring });
  } catch (err) {
    if (err instanceof ConfigurationError) throw new CliError('configuration', err.message);
    throw new CliError('unreachable', `cannot connect to Temporal at ${address} (${(err as Error).message}); start the local server with \`npm start\`, or set TEMPORAL_ADDRESS`);
  }
  const session: TemporalSession = { client: temporal.client, taskQueue: env.SOPFLOW_TASK_QUEUE, address, namespace: temporal.namespace };
  try {
    return await temporal.connection.withDeadline(Date.now() + CALL_TIMEOUT_MS, () => run(session));
  } catch (err) {
    throw temporalError(err, session);
  } finally {
    await temporal.close();
  }
}

/**
 * A TCP connect first: a refused or silent port is reported at once, where gRPC would keep retrying until its
 * connect deadline.
 */
function assertReachable(address: string): Promise<void> {
  const at = address.lastIndexOf(':');
  const host = address.slice(0, at);
  const port = Number(address.slice(at + 1));
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const fail = (why: string): void => {
      socket.destroy();
      reject(new CliError('unreachable', `cannot reach Temporal at ${address} (${why}); start the local server with \`npm start\`, or set TEMPORAL_ADDRESS`));
    };
    socket.setTimeout(CONNECT_TIMEOUT_MS, () => fail(`no answer within ${CONNECT_TIMEOUT_MS / 1000} s`));
    socket.once('error', (err: NodeJS.ErrnoException) => fail(err.code ?? err.message));
    socket.once('connect', () => {
      socket.end();
      resolve();
    });
  });
}

/** Temporal's failures in the words of a case worker; anything unrecognised keeps its own message. */
export function temporalError(err: unknown, session: Pick<TemporalSession, 'address' | 'namespace'>): CliError {
  if (err instanceof CliError) return err;
  if (err instanceof WorkflowUpdateFailedError) return new CliError('rejected', err.cause?.message ?? err.message);
  if (err instanceof WorkflowNotFoundError) {
    return new CliError('not-found', `no running case "${err.workflowId}" in namespace "${session.namespace}" at ${session.address}`);
  }
  if (err instanceof NamespaceNotFoundError) return new CliError('configuration', `namespace "${session.namespace}" does not exist at ${session.address}`);
  if (err instanceof WorkflowExecutionAlreadyStartedError) {
    return new CliError('conflict', `case ${err.workflowId} was opened before and is closed; a closed FIR's case is not reopened`);
  }
  const cause = err instanceof ServiceError || err instanceof WorkflowUpdateRPCTimeoutOrCancelledError ? (err.cause ?? err) : err;
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isGrpcDeadlineError(cause)) {
    return new CliError('timeout', `no answer within ${CALL_TIMEOUT_MS / 1000} s: is a sopflow worker running for this case's task queue (npm start)?`);
  }
  if (isGrpcServiceError(cause) && cause.code === status.UNAVAILABLE) {
    return new CliError('unreachable', `lost the connection to Temporal at ${session.address}: ${cause.details}`);
  }
  return new CliError('failed', err instanceof Error ? err.message : String(err));
}
