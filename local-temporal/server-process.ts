// A locally spawned Temporal server process (dev server or time-skipping test server): start it, wait until
// its gRPC frontend answers, stop it. We spawn the servers ourselves rather than through the SDK's ephemeral
// server so start-up is not bound by the SDK's 5-second limit (a JVM on a busy 2-core box can exceed it) and
// one server serves a whole test run. Each server runs under local-temporal/watchdog.sh, in a process group
// of its own: the watchdog stops it when this process dies, even by kill -9, so no orphan keeps the ports.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Connection } from '@temporalio/client';

export interface ServerProcessOptions {
  name: string;
  command: string;
  args: string[];
  address: string;
  logFile: string;
  startupTimeoutMs?: number;
  /** Probe run once the port accepts connections; retried until it succeeds or the timeout passes. */
  ready?: (connection: Connection) => Promise<void>;
}

const WATCHDOG = fileURLToPath(new URL('./watchdog.sh', import.meta.url));

/** Signals a whole process group (the watchdog and the server under it); false when none of it is left. */
export function signalGroup(leaderPid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-leaderPid, signal);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}

/**
 * Whether any live process is left in a group. The watchdog exits as soon as it is killed, a moment before the
 * server under it has died and closed its ports; zombies do not count (whoever reaps them, they hold nothing).
 */
export function groupAlive(pgid: number): boolean {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return signalGroup(pgid, 0);
  }
  return entries.some((pid) => {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(pgrp) === pgid && state !== 'Z';
    } catch {
      return false;
    }
  });
}

/** Resolves once the group is gone; SIGKILLs it after `graceMs`. */
export async function awaitGroupGone(pgid: number, graceMs: number): Promise<void> {
  const deadline = Date.now() + graceMs;
  while (groupAlive(pgid)) {
    if (Date.now() > deadline) signalGroup(pgid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 50));
  }
}

export class ServerProcess {
  private exited = false;
  private exitNote = '';

  private constructor(
    readonly options: ServerProcessOptions,
    private readonly child: ChildProcess,
  ) {
    child.on('exit', (code, signal) => {
      this.exited = true;
      this.exitNote = signal ? `killed by ${signal}` : `exit code ${code}`;
    });
  }

  /** The watchdog's pid, which is also the server's process group. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  get address(): string {
    return this.options.address;
  }

  static async start(options: ServerProcessOptions): Promise<ServerProcess> {
    const log = fs.openSync(options.logFile, 'a');
    // detached: the leader of a new process group, so a kill reaches the server too, and a Ctrl-C meant for
    // us does not (we stop it in order).
    const child = spawn('sh', [WATCHDOG, options.command, ...options.args], { stdio: ['ignore', log, log], detached: true });
    fs.closeSync(log);
    const server = new ServerProcess(options, child);
    // A parent that exits must not leave a server holding ports behind (a kill -9 is the watchdog's part).
    const killOnExit = (): void => {
      if (!server.exited) server.killGroup();
    };
    process.once('exit', killOnExit);
    child.once('exit', () => process.removeListener('exit', killOnExit));
    await server.waitUntilReady();
    return server;
  }

  private async waitUntilReady(): Promise<void> {
    const { name, address, logFile } = this.options;
    const deadline = Date.now() + (this.options.startupTimeoutMs ?? 60_000);
    let lastError = '';
    while (Date.now() < deadline) {
      if (this.exited) {
        throw new Error(`${name} exited during start-up (${this.exitNote}); see ${logFile}`);
      }
      try {
        const connection = await Connection.connect({ address, connectTimeout: 1_000 });
        try {
          await connection.workflowService.getSystemInfo({});
          if (this.options.ready) await this.options.ready(connection);
          return;
        } finally {
          await connection.close();
        }
      } catch (err) {
        lastError = (err as Error).message;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    await this.stop();
    throw new Error(`${name} did not become ready at ${address} in time (last error: ${lastError}); see ${logFile}`);
  }

  /** Graceful stop (SIGTERM, then SIGKILL after `graceMs`). */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM'); // the watchdog passes it on and exits when the server has
    const timer = setTimeout(() => this.killGroup(), graceMs);
    await exited;
    clearTimeout(timer);
    if (this.child.pid !== undefined) await awaitGroupGone(this.child.pid, 2_000);
  }

  /** Abrupt stop, as a crash would: used to prove durability across a server restart. */
  async kill(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.killGroup();
    await exited;
    if (this.child.pid !== undefined) await awaitGroupGone(this.child.pid, 2_000);
  }

  private killGroup(): void {
    if (this.child.pid !== undefined) signalGroup(this.child.pid, 'SIGKILL');
  }
}
