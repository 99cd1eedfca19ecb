// A locally spawned Temporal server process (dev server or time-skipping test server): start it, wait until
// its gRPC frontend answers, stop it. We spawn the servers ourselves rather than through the SDK's ephemeral
// server so start-up is not bound by the SDK's 5-second limit (a JVM on a busy 2-core box can exceed it) and
// one server serves a whole test run.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
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

  get pid(): number | undefined {
    return this.child.pid;
  }

  get address(): string {
    return this.options.address;
  }

  static async start(options: ServerProcessOptions): Promise<ServerProcess> {
    const log = fs.openSync(options.logFile, 'a');
    const child = spawn(options.command, options.args, { stdio: ['ignore', log, log] });
    fs.closeSync(log);
    const server = new ServerProcess(options, child);
    // A parent that dies must not leave a server holding ports behind.
    const killOnExit = (): void => {
      if (!server.exited) child.kill('SIGKILL');
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
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  /** Abrupt stop, as a crash would: used to prove durability across a server restart. */
  async kill(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGKILL');
    await exited;
  }
}
