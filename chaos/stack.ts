// The real stack as separate OS processes, for the crash campaign and the backup test: the Temporal dev server
// (SQLite file), `npm run worker` (worker/main.ts) and `npm run api` (api/main.ts), each under
// local-temporal/watchdog.sh in a process group of its own, so a kill -9 reaches the whole process and an orphan
// never outlives us. Each part can be killed (SIGKILL) and started again; the stack records when each was down.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDevServer } from '../local-temporal/dev-server';
import { assertPortFree } from '../local-temporal/free-port';
import { awaitGroupGone, signalGroup, type ServerProcess } from '../local-temporal/server-process';

export type Part = 'server' | 'worker' | 'api';
export const PARTS: readonly Part[] = ['server', 'worker', 'api'];

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WATCHDOG = path.join(ROOT, 'local-temporal', 'watchdog.sh');

export interface StackPorts {
  dev: number;
  api: number;
  oidc: number;
}

export interface StackOptions {
  dataDir: string;
  ports: StackPorts;
  log?: (msg: string) => void;
}

/** When a part was killed and when it answered again (`upAt` unset while it is down). */
export interface Outage {
  part: Part;
  downAt: number;
  upAt?: number;
}

/** A node entry point run as its own process (the worker or the API), ready once it prints `readyLine`. */
class NodeService {
  private child: ChildProcess | undefined;
  private exited = true;

  constructor(
    readonly name: Part,
    private readonly entry: string,
    private readonly readyLine: RegExp,
    private readonly env: NodeJS.ProcessEnv,
    private readonly logFile: string,
  ) {}

  get running(): boolean {
    return !this.exited;
  }

  /** Starts the process and resolves once it says it is ready; rejects if it exits first or takes too long. */
  start(timeoutMs = 180_000): Promise<void> {
    const log = fs.openSync(this.logFile, 'a');
    fs.writeSync(log, `--- ${new Date().toISOString()} start ---\n`);
    // `node --import tsx`: one process (the tsx CLI would put a second node under it, which a kill would orphan).
    const child = spawn('sh', [WATCHDOG, process.execPath, '--import', 'tsx', this.entry], {
      cwd: ROOT,
      env: this.env,
      stdio: ['ignore', 'pipe', log],
      detached: true,
    });
    fs.closeSync(log);
    this.child = child;
    this.exited = false;
    child.once('exit', () => {
      this.exited = true;
    });
    return new Promise<void>((resolve, reject) => {
      let seen = '';
      const timer = setTimeout(() => fail(new Error(`${this.name} did not become ready in ${timeoutMs} ms; see ${this.logFile}`)), timeoutMs);
      const fail = (err: Error): void => {
        clearTimeout(timer);
        reject(err);
      };
      child.stdout!.on('data', (chunk: Buffer) => {
        fs.appendFileSync(this.logFile, chunk);
        seen += chunk.toString('utf8');
        if (this.readyLine.test(seen)) {
          clearTimeout(timer);
          seen = '';
          resolve();
        }
        seen = seen.slice(-4096);
      });
      child.once('exit', (code, signal) => fail(new Error(`${this.name} exited during start-up (${signal ?? `exit code ${code}`}); see ${this.logFile}`)));
    });
  }

  /** kill -9 of the process (and its watchdog): no handler runs, nothing is flushed. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child?.pid || this.exited) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    signalGroup(child.pid, 'SIGKILL');
    await gone;
    await awaitGroupGone(child.pid, 2_000);
  }

  /** SIGTERM and wait (the worker and the API close cleanly on it): `killed` when it had to be SIGKILLed after `graceMs`. */
  async stop(graceMs = 20_000): Promise<'exited' | 'killed' | 'not-running'> {
    const child = this.child;
    if (!child?.pid || this.exited) return 'not-running';
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    signalGroup(child.pid, 'SIGTERM');
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      signalGroup(child.pid!, 'SIGKILL');
    }, graceMs);
    await gone;
    clearTimeout(timer);
    await awaitGroupGone(child.pid, 2_000);
    return killed ? 'killed' : 'exited';
  }
}

export class ProcessStack {
  readonly dataDir: string;
  readonly ports: StackPorts;
  readonly outages: Outage[] = [];
  readonly kills: Record<Part, number> = { server: 0, worker: 0, api: 0 };
  private server: ServerProcess | undefined;
  private readonly worker: NodeService;
  private readonly api: NodeService;
  private readonly log: (msg: string) => void;

  constructor(options: StackOptions) {
    this.dataDir = path.resolve(options.dataDir);
    this.ports = options.ports;
    this.log = options.log ?? (() => undefined);
    fs.mkdirSync(path.join(this.dataDir, 'logs'), { recursive: true });
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      SOPFLOW_DATA_DIR: this.dataDir,
      SOPFLOW_DEV_PORT: String(this.ports.dev),
      SOPFLOW_API_PORT: String(this.ports.api),
      SOPFLOW_OIDC_PORT: String(this.ports.oidc),
    };
    // Our processes talk to our dev server and read model only, whatever the calling shell points at.
    for (const name of ['TEMPORAL_ADDRESS', 'TEMPORAL_API_KEY', 'TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY', 'TEMPORAL_TLS_CA', 'TEMPORAL_TLS_SERVER_NAME', 'SOPFLOW_OIDC_ISSUER', 'DATABASE_URL', 'npm_lifecycle_event']) delete env[name];
    this.worker = new NodeService('worker', 'worker/main.ts', /worker polling task queue/, env, path.join(this.dataDir, 'logs', 'worker.log'));
    this.api = new NodeService('api', 'api/main.ts', /press Ctrl-C to stop/, env, path.join(this.dataDir, 'logs', 'api.log'));
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.ports.api}`;
  }

  get temporalAddress(): string {
    return `127.0.0.1:${this.ports.dev}`;
  }

  get issuer(): string {
    return `http://127.0.0.1:${this.ports.oidc}`;
  }

  isUp(part: Part): boolean {
    return part === 'server' ? this.server !== undefined : part === 'worker' ? this.worker.running : this.api.running;
  }

  /** Starts the part, retrying while what it needs is down (the API and the worker need the server). */
  async start(part: Part, deadline = Date.now() + 300_000): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.startOnce(part);
        const open = this.outages.find((o) => o.part === part && o.upAt === undefined);
        if (open) open.upAt = Date.now();
        return;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        this.log(`${part} start attempt ${attempt} failed (${(err as Error).message.split('\n')[0]}); retrying`);
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  }

  private async startOnce(part: Part): Promise<void> {
    if (part === 'server') {
      if (this.server) return;
      this.server = await startDevServer({
        port: this.ports.dev,
        dbFile: path.join(this.dataDir, 'temporal.sqlite'),
        logFile: path.join(this.dataDir, 'logs', 'temporal-server.log'),
        // As npm start does: `sopflow backup` reads it to refuse while the server writes its SQLite file.
        pidFile: path.join(this.dataDir, 'temporal-server.pid'),
      });
    } else {
      const service = part === 'worker' ? this.worker : this.api;
      if (service.running) return;
      if (part === 'api') await assertPortFree(this.ports.api, 'the API port is taken', 10_000);
      await service.start();
    }
  }

  /** kill -9 of one part; it stays down until `start`. */
  async kill(part: Part): Promise<void> {
    if (!this.isUp(part)) return;
    this.outages.push({ part, downAt: Date.now() });
    this.kills[part]++;
    if (part === 'server') {
      const server = this.server!;
      this.server = undefined;
      await server.kill();
    } else await (part === 'worker' ? this.worker : this.api).kill();
  }

  /** Starts everything that is down, in dependency order. */
  async startAll(): Promise<void> {
    for (const part of PARTS) await this.start(part);
  }

  /** A clean stop of the worker or the API (SIGTERM; SIGKILL after `graceMs`). */
  stop(part: 'worker' | 'api', graceMs?: number): Promise<'exited' | 'killed' | 'not-running'> {
    return (part === 'worker' ? this.worker : this.api).stop(graceMs);
  }

  /** A clean stop of everything (SIGTERM; the dev server checkpoints its SQLite file). */
  async stopAll(): Promise<void> {
    await this.api.stop();
    await this.worker.stop();
    const server = this.server;
    this.server = undefined;
    await server?.stop();
  }
}
