// One short-lived Temporal client per CLI command, from the shared factory (configured cluster or local dev
// server; payloads encrypted): a quick TCP check so an absent server fails fast, a deadline on every call so
// a case with no worker polling its task queue cannot hang the command, and Temporal's errors as one line.
import net from 'node:net';
import { type Client, NamespaceNotFoundError } from '@temporalio/client';
import { ConfigurationError, loadEnvironment, type Environment } from '../config/environment';
import { caseClientError, CaseClientError } from '../client/case-client-error';
import { createTemporalClient, type TemporalClientHandle } from '../client/temporal-client';
import type { PayloadKeyring } from '../security/payload-encryption-codec';
import { payloadKeyring } from '../security/payload-keys';
import { CliError, cliErrorOf } from './cli-error';

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

export async function withTemporal<T>(run: (session: TemporalSession) => Promise<T>, options: { timeoutMs?: number } = {}): Promise<T> {
  const env = environment();
  const address = env.TEMPORAL_ADDRESS ?? `127.0.0.1:${env.SOPFLOW_DEV_PORT}`;
  // A command only reads the local key (`npm start` writes it): missing, it means the wrong data directory.
  let keyring: PayloadKeyring;
  try {
    keyring = payloadKeyring(env, { generate: false });
  } catch (err) {
    if (err instanceof ConfigurationError) throw new CliError('configuration', err.message);
    throw err;
  }
  await assertReachable(address);
  let temporal: TemporalClientHandle;
  try {
    temporal = await createTemporalClient(env, { keyring });
  } catch (err) {
    if (err instanceof ConfigurationError) throw new CliError('configuration', err.message);
    throw new CliError('unreachable', `cannot connect to Temporal at ${address} (${(err as Error).message}); start the local server with \`npm start\`, or set TEMPORAL_ADDRESS`);
  }
  const session: TemporalSession = { client: temporal.client, taskQueue: env.SOPFLOW_TASK_QUEUE, address, namespace: temporal.namespace };
  try {
    return await temporal.connection.withDeadline(Date.now() + (options.timeoutMs ?? CALL_TIMEOUT_MS), () => run(session));
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

/** Temporal's failures in the words of a case worker (the client's mapping); anything unrecognised keeps its message. */
export function temporalError(err: unknown, session: Pick<TemporalSession, 'address' | 'namespace'>): CliError {
  if (err instanceof CliError) return err;
  if (err instanceof NamespaceNotFoundError) return new CliError('configuration', `namespace "${session.namespace}" does not exist at ${session.address}`);
  const translated = caseClientError(err, session.namespace);
  if (translated instanceof CaseClientError) {
    const cli = cliErrorOf(translated);
    if (cli.code === 'timeout') return new CliError('timeout', `no answer within ${CALL_TIMEOUT_MS / 1000} s: is a sopflow worker running for this case's task queue (npm start)?`);
    if (cli.code === 'not-found') return new CliError(cli.code, `${cli.message} at ${session.address}`);
    return cli;
  }
  return new CliError('failed', err instanceof Error ? err.message : String(err));
}
