// Starts the Temporal CLI dev server (built by scripts/setup.mjs) with sopflow's search attributes; with a pid
// file, first stops a server that an earlier, killed `npm start` left behind on the same data directory.
import fs from 'node:fs';
import path from 'node:path';
import { toolPaths } from '../scripts/tool-paths.mjs';
import { assertPortFree } from './free-port';
import { registerSearchAttributes } from './register-search-attributes';
import { awaitGroupGone, groupAlive, ServerProcess, signalGroup } from './server-process';

export interface DevServerOptions {
  port: number;
  /** SQLite file; cases survive a restart. Omit for an in-memory database (tests). */
  dbFile?: string;
  /** Web UI port; omit to run headless. */
  uiPort?: number;
  /**
   * The codec server the Web UI asks to decrypt payloads (`<api>/codec`, api/codec/codec-routes.ts). The dev UI
   * sends no token, so sopflow's codec refuses it; it decrypts behind a UI that signs users in and passes the token.
   */
  uiCodecEndpoint?: string;
  namespace?: string;
  logFile: string;
  /** Records the server's process group and its owner (this process), to find an orphan left by a killed owner. */
  pidFile?: string;
  /** Where a note about such an orphan goes. */
  onNote?: (msg: string) => void;
  /** The timer queue's read-ahead (a Go duration); default TIMER_MAX_TIME_SHIFT. Tests pass the server's '1s' as a control. */
  timerMaxTimeShift?: string;
}

interface PidRecord {
  server: number;
  owner: number;
  /** Set by the owner once it has begun to stop (its launcher died, or its worker stopped). */
  stopping?: boolean;
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

function isOurWatchdog(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('watchdog.sh');
  } catch {
    return !fs.existsSync('/proc/self/cmdline'); // without /proc, trust the record
  }
}

function readPidRecord(file: string): PidRecord | undefined {
  try {
    const value = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<PidRecord>;
    return Number.isInteger(value.server) && Number.isInteger(value.owner) && value.server! > 1 ? (value as PidRecord) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A server whose owner is gone (kill -9 of `npm start`) is stopped: its watchdog normally does so within a
 * second, but a start right after the kill could still find the ports held. A live owner is another `npm start`.
 */
async function stopOrphan(pidFile: string, note: (msg: string) => void): Promise<void> {
  let record = readPidRecord(pidFile);
  if (!record || !groupAlive(record.server)) return;
  // A group id is reused only with its leader's pid: a live leader that is not our watchdog is someone else's.
  if (isAlive(record.server) && !isOurWatchdog(record.server)) return;
  if (record.owner !== process.pid && isAlive(record.owner) && !record.stopping) {
    // Its launcher may have just been killed: the owner notices within a second or so (longer on a loaded
    // machine) and marks the record; only an owner that stays running is another `npm start`.
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && isAlive(record.owner) && !record.stopping && groupAlive(record.server)) {
      await new Promise((r) => setTimeout(r, 200));
      record = readPidRecord(pidFile) ?? record;
    }
    if (isAlive(record.owner) && !record.stopping && groupAlive(record.server)) {
      throw new Error(`another \`npm start\` (pid ${record.owner}) is running a dev server on this data directory; stop it first, or set SOPFLOW_DATA_DIR.`);
    }
  }
  if (!groupAlive(record.server)) return;
  if (record.owner !== process.pid && isAlive(record.owner)) {
    note(`the dev server of an earlier \`npm start\` (pid ${record.owner}) is stopping; waiting for it…`);
    await awaitGroupGone(record.server, 30_000);
    return;
  }
  note(`found the dev server (process group ${record.server}) of an earlier \`npm start\` that was killed; stopping it…`);
  signalGroup(record.server, 'SIGTERM');
  await awaitGroupGone(record.server, 15_000);
  note('stopped the earlier dev server.');
}

/** Tells a later start that this process is stopping its server (so it waits, rather than refusing). */
export function markDevServerStopping(pidFile: string): void {
  const record = readPidRecord(pidFile);
  if (record?.owner !== process.pid) return;
  fs.writeFileSync(pidFile, `${JSON.stringify({ ...record, stopping: true })}\n`);
}

/** The dev server's timer read-ahead (the server's default is 1s); see startDevServer. */
const TIMER_MAX_TIME_SHIFT = '100ms';

export async function startDevServer(options: DevServerOptions): Promise<ServerProcess> {
  const { temporalCli } = toolPaths();
  if (!fs.existsSync(temporalCli)) {
    throw new Error(`Temporal CLI not found at ${temporalCli}: run \`npm run setup\` first.`);
  }
  const namespace = options.namespace ?? 'default';
  if (options.pidFile) await stopOrphan(options.pidFile, options.onNote ?? (() => undefined));
  await assertPortFree(options.port, 'is another `npm start` running? Set SOPFLOW_DEV_PORT to use another port.');
  if (options.uiPort) await assertPortFree(options.uiPort, 'set SOPFLOW_UI_PORT to use another port for the Web UI.');
  if (options.dbFile) fs.mkdirSync(path.dirname(options.dbFile), { recursive: true });
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--namespace',
    namespace,
    '--log-level',
    'warn',
    '--log-format',
    'json',
    // Updates are how case events arrive; the dev server has them on, but say so explicitly.
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecution=true',
    // The history service's timer queue reads ahead to now + this shift, and a timer created inside that window
    // is moved past it (go.temporal.io/server service/history/shard task_key_generator.go): with the 1 s default,
    // a wake-up armed under a second before its due time fired up to a second late under load. One process on
    // one clock needs no allowance for skew between hosts.
    '--dynamic-config-value',
    `history.timerProcessorMaxTimeShift=${JSON.stringify(options.timerMaxTimeShift ?? TIMER_MAX_TIME_SHIFT)}`,
    // The timer queue's reader reports where it loaded to after each load, to the second; three loads ending in the
    // same second count as a stuck reader, and that second's range moves to a second reader (service/history/queues
    // monitor.go, action_reader_stuck.go). On the one shard of a dev server a busy second is enough, and in the crash
    // campaign every timer that fired 2-4 s late was one that second reader loaded (its task_latency_load metric);
    // with the check off (0) no second reader appeared and none was late. A cluster spreads timers over many shards.
    '--dynamic-config-value',
    'history.queueReaderStuckCriticalAttempts=0',
    // The dev server's SQLite otherwise keeps a rollback journal: several fsyncs per commit through its one
    // connection (~1 ms each here), which queued every workflow task behind the disk under load. A write-ahead log
    // with a full sync fsyncs once per commit and stays durable across a power loss, not only a crash.
    ...(options.dbFile ? ['--db-filename', options.dbFile, '--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=full'] : []),
    ...(options.uiPort ? ['--ui-port', String(options.uiPort)] : ['--headless']),
    ...(options.uiPort && options.uiCodecEndpoint ? ['--ui-codec-endpoint', options.uiCodecEndpoint] : []),
  ];
  const server = await ServerProcess.start({
    name: 'Temporal dev server',
    command: temporalCli,
    args,
    address: `127.0.0.1:${options.port}`,
    logFile: options.logFile,
    ready: async (connection) => {
      await registerSearchAttributes(connection, namespace);
    },
  });
  if (options.pidFile && server.pid !== undefined) {
    const record: PidRecord = { server: server.pid, owner: process.pid };
    fs.writeFileSync(options.pidFile, `${JSON.stringify(record)}\n`);
  }
  return server;
}
