// `npm run bench:cases`: N cases on a real Temporal dev server, each streamed M events as Updates along a
// realistic path (arrest → remands → challan → scrutiny → court → charge → hearings and adjournments), with
// bounded concurrency; events/s and update latency for sopflow's caseWorkflow next to a no-op workflow taking
// the same Updates (the bare-Temporal baseline), measured in the same run on the same server and worker, with
// the same encrypting data converter, in rounds that alternate which kind runs first (`--rounds`, `--cases` per
// round). Prints figures, CPU per event beside wall time; asserts nothing (benchmarks are not tests).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Client, WorkflowHandle } from '@temporalio/client';
import proto from '@temporalio/proto';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { loadBundleFile } from '../sources/load-sources';
import { openCaseWorkflow } from '../client/open-case';
import { createTemporalClient } from '../client/temporal-client';
import { loadEnvironment } from '../config/environment';
import { startDevServer } from '../local-temporal/dev-server';
import { freePort } from '../local-temporal/free-port';
import { contentHash } from '../rules/compiler/content-hash';
import type { CaseFactsInput } from '../rules/schema/case-facts';
import { encryptedDataConverter, type PayloadKeyring } from '../security/payload-encryption-codec';
import { localActivityDependencies } from '../activities/index';
import { createSopflowWorker } from '../worker/create-worker';
import { caseEventUpdate, type CaseEventRequest } from '../workflows/case-messages';
import type { CaseWorkflowInput } from '../workflows/case-workflow';
import { integerFlag } from './integer-flag';
import type { benchNoopCaseWorkflow } from './workflows/bench-noop-case';

const PACK = 'sop-definitions/punjab/punjab-2026.1.yaml';
const TASK_QUEUE = 'bench-cases';
/** The production workflows plus the no-op baseline, which the production bundle does not ship. */
const BENCH_WORKFLOWS = fileURLToPath(new URL('./workflows/index.ts', import.meta.url));

const { values: args } = parseArgs({
  options: {
    // Per round: 3 rounds of 100 measure 300 cases of each kind.
    cases: { type: 'string', default: '100' },
    events: { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '20' },
    'warm-up': { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    json: { type: 'boolean', default: false },
    // Writes each kind's first history of the last round there as JSON (what the figures' history lines count).
    'histories-to': { type: 'string' },
  },
});
const positiveInt = (name: string, raw: string, min: number): number => integerFlag('bench:cases', name, raw, min);
const CASES = positiveInt('cases', args.cases, 1);
const EVENTS = positiveInt('events', args.events, 1);
const CONCURRENCY = positiveInt('concurrency', args.concurrency, 1);
const WARM_UP = positiveInt('warm-up', args['warm-up'], 0);
const ROUNDS = positiveInt('rounds', args.rounds, 1);

/** Punjab, theft, accused in custody: the pre-trial path, then the trial's hearings, adjournments and absences. */
const PRE_TRIAL: Omit<CaseEventRequest, 'id'>[] = [
  { type: 'ACCUSED_ARRESTED' },
  { type: 'PRODUCED_BEFORE_MAGISTRATE' },
  { type: 'PHYSICAL_REMAND_ORDERED' },
  { type: 'JUDICIAL_REMAND_ORDERED' },
  { type: 'FINAL_CHALLAN_SUBMITTED', facts: { challan: { documents: ['fir_copy', 'statements_161', 'list_of_witnesses', 'site_plan'] } } },
  { type: 'SCRUTINY_COMPLETED', facts: { scrutiny: { objections: [] } } },
  { type: 'CHALLAN_FILED_IN_COURT' },
  { type: 'CHARGE_FRAMED' },
];
const TRIAL: Omit<CaseEventRequest, 'id'>[] = [{ type: 'HEARING_ADJOURNED' }, { type: 'WITNESS_ABSENT' }, { type: 'HEARING_HELD' }];
const eventPath = (m: number): CaseEventRequest[] =>
  Array.from({ length: m }, (_, i) => ({ id: `e${i + 1}`, ...(PRE_TRIAL[i] ?? TRIAL[(i - PRE_TRIAL.length) % TRIAL.length]!) }));

interface Measured {
  label: string;
  startsPerSecond: number;
  eventsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  events: number;
  seconds: number;
  refused: number;
  /** Bytes of one case's history after its events (the first case), as the server stores them. */
  historyBytes: number;
  historyEvents: number;
  /** CPU time per event while the events streamed: this process (client and worker) and the server's process group. */
  cpuMsPerEvent: { worker: number; server: number };
  /** Every update's latency, sorted (for pooling rounds; not printed). */
  latencies: number[];
}

/** Rounds of one kind as one measurement: their events over their time, their latencies together. */
function pooled(rounds: Measured[]): Measured {
  const events = rounds.reduce((n, m) => n + m.events, 0);
  const seconds = rounds.reduce((n, m) => n + m.seconds, 0);
  const latencies = rounds.flatMap((m) => m.latencies).sort((a, b) => a - b);
  const perEvent = (key: 'worker' | 'server'): number => rounds.reduce((n, m) => n + m.cpuMsPerEvent[key] * m.events, 0) / events;
  return {
    ...rounds[0]!,
    startsPerSecond: rounds.reduce((n, m) => n + m.startsPerSecond, 0) / rounds.length,
    eventsPerSecond: events / seconds,
    latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), max: latencies.at(-1) ?? NaN },
    events,
    seconds,
    refused: rounds.reduce((n, m) => n + m.refused, 0),
    cpuMsPerEvent: { worker: perEvent('worker'), server: perEvent('server') },
    latencies,
  };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
};

/** CPU seconds used so far by every process in a process group (Linux /proc); NaN where /proc is missing. */
function groupCpuSeconds(pgid: number | undefined): number {
  if (pgid === undefined || !fs.existsSync('/proc/self/stat')) return NaN;
  const ticks = 100; // USER_HZ: 100 on every Linux this runs on (sysconf(_SC_CLK_TCK))
  let total = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the command name (which may hold spaces) start at state: pgrp is the 3rd, utime/stime the 12th/13th.
      const rest = fs.readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ').pop()!.split(' ');
      if (Number(rest[2]) === pgid) total += (Number(rest[11]) + Number(rest[12])) / ticks;
    } catch {
      // the process ended while we read
    }
  }
  return total;
}

const processCpuSeconds = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Runs `count` jobs with at most `limit` at once. */
async function pool(count: number, limit: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) await job(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, lane));
}

type Kind = 'sopflow' | 'noop';

async function run(client: Client, kind: Kind, prefix: string, cases: number, events: CaseEventRequest[], serverGroup: number | undefined): Promise<Measured> {
  const bundle = loadBundleFile(PACK);
  const sop = { hash: contentHash(bundle) };
  const firAt = Date.now();
  const factsOf = (i: number): CaseFactsInput => ({
    province: 'punjab',
    district: 'lahore',
    policeStation: `ps-${i % 40}`,
    fir: { number: `${prefix}${i}`, year: 2026 },
    offence: { class: 'theft', sections: ['PPC 379'] },
    accused: { inCustody: true },
  });
  // Parties too, as real cases carry them: the codec encrypts the same bytes in both runs.
  const parties = { complainant: { name: 'Bench Complainant', cnic: '35202-0000000-1' }, accused: [{ name: 'Bench Accused' }], victims: [] };

  const handles: WorkflowHandle[] = new Array<WorkflowHandle>(cases);
  const startedAt = performance.now();
  await pool(cases, CONCURRENCY, async (i) => {
    if (kind === 'sopflow') {
      handles[i] = (await openCaseWorkflow(client, { bundle, facts: factsOf(i), parties, firAt, taskQueue: TASK_QUEUE })).handle;
    } else {
      const caseId = `bench-noop/${prefix}${i}`;
      const input: CaseWorkflowInput = { caseId, sop, facts: factsOf(i), parties, firAt };
      handles[i] = await client.workflow.start<typeof benchNoopCaseWorkflow>('benchNoopCaseWorkflow', { taskQueue: TASK_QUEUE, workflowId: caseId, args: [input] });
    }
  });
  const startSeconds = (performance.now() - startedAt) / 1000;

  const latencies: number[] = [];
  let refused = 0;
  const streamStart = performance.now();
  const cpuStart = { worker: processCpuSeconds(), server: groupCpuSeconds(serverGroup) };
  await pool(cases, CONCURRENCY, async (i) => {
    for (const event of events) {
      const t0 = performance.now();
      try {
        await handles[i]!.executeUpdate(caseEventUpdate, { args: [event] });
      } catch (err) {
        refused++;
        if (refused === 1) console.error(`bench:cases: ${kind} refused ${event.type}: ${(err as Error).cause instanceof Error ? (err as Error & { cause: Error }).cause.message : (err as Error).message}`);
      }
      latencies.push(performance.now() - t0);
    }
  });
  const seconds = (performance.now() - streamStart) / 1000;
  const cpuMsPerEvent = {
    worker: ((processCpuSeconds() - cpuStart.worker) * 1000) / latencies.length,
    server: ((groupCpuSeconds(serverGroup) - cpuStart.server) * 1000) / latencies.length,
  };
  latencies.sort((a, b) => a - b);
  const history = await handles[0]!.fetchHistory();
  if (args['histories-to']) {
    fs.mkdirSync(args['histories-to'], { recursive: true });
    fs.writeFileSync(path.join(args['histories-to'], `${kind}.json`), JSON.stringify(proto.temporal.api.history.v1.History.toObject(proto.temporal.api.history.v1.History.fromObject(history), { enums: String, longs: String }), null, 1));
  }
  return {
    label: kind === 'sopflow' ? 'sopflow caseWorkflow' : 'bare Temporal (no-op workflow)',
    startsPerSecond: cases / startSeconds,
    eventsPerSecond: latencies.length / seconds,
    latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), max: latencies.at(-1) ?? NaN },
    events: latencies.length,
    seconds,
    refused,
    historyBytes: proto.temporal.api.history.v1.History.encode(history).finish().length,
    historyEvents: history.events?.length ?? 0,
    cpuMsPerEvent,
    latencies,
  };
}

function print(baseline: Measured, sopflow: Measured): void {
  const f = (n: number, digits = 1): string => n.toFixed(digits).padStart(9);
  console.log(`${''.padEnd(32)}${'events/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'max ms'.padStart(9)}${'starts/s'.padStart(10)}`);
  for (const m of [baseline, sopflow]) {
    console.log(`${m.label.padEnd(32)}${f(m.eventsPerSecond)}${f(m.latencyMs.p50)}${f(m.latencyMs.p95)}${f(m.latencyMs.p99)}${f(m.latencyMs.max)}${f(m.startsPerSecond).padStart(10)}`);
  }
  console.log(
    `sopflow / baseline: throughput ×${(sopflow.eventsPerSecond / baseline.eventsPerSecond).toFixed(2)}, ` +
      `p50 ×${(sopflow.latencyMs.p50 / baseline.latencyMs.p50).toFixed(2)}, p95 ×${(sopflow.latencyMs.p95 / baseline.latencyMs.p95).toFixed(2)}`,
  );
  for (const m of [baseline, sopflow]) console.log(`history of one case, ${m.label}: ${m.historyEvents} events, ${m.historyBytes} bytes`);
  // Steadier than wall time on a shared machine: what each event cost the worker's process and the server.
  for (const m of [baseline, sopflow]) console.log(`CPU per event, ${m.label}: worker process ${m.cpuMsPerEvent.worker.toFixed(2)} ms, server ${m.cpuMsPerEvent.server.toFixed(2)} ms`);
  const total = (m: Measured): number => m.cpuMsPerEvent.worker + m.cpuMsPerEvent.server;
  console.log(`sopflow / baseline: CPU per event ×${(total(sopflow) / total(baseline)).toFixed(2)} (worker ×${(sopflow.cpuMsPerEvent.worker / baseline.cpuMsPerEvent.worker).toFixed(2)}, server ×${(sopflow.cpuMsPerEvent.server / baseline.cpuMsPerEvent.server).toFixed(2)})`);
  for (const m of [baseline, sopflow]) {
    if (m.refused) console.log(`note: ${m.label} refused ${m.refused} of ${m.events} events (latency includes them)`);
  }
}

async function main(): Promise<void> {
  // Core's per-task warnings (e.g. "workflow task exceeded 5 s" under load) would interleave with the table;
  // the latency columns show the same thing.
  Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-bench-cases-'));
  // The bench's own key: it encrypts exactly as production does, and touches no configured or local key.
  const keyring: PayloadKeyring = { current: { id: 'bench', key: randomBytes(32) } };
  const log = (msg: string): void => console.error(`bench:cases: ${msg}`);

  log('starting a Temporal dev server (in-memory SQLite) and a worker…');
  const server = await startDevServer({ port: await freePort(), logFile: path.join(runDir, 'dev-server.log') });
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  let nativeConnection: NativeConnection | undefined;
  // The bench always talks to its own server, whatever TEMPORAL_ADDRESS says.
  const temporal = await createTemporalClient(loadEnvironment({}), { address: server.address, keyring });
  try {
    nativeConnection = await NativeConnection.connect({ address: server.address });
    worker = await createSopflowWorker({ connection: nativeConnection, namespace: 'default', taskQueue: TASK_QUEUE, dataConverter: encryptedDataConverter(keyring), activityDependencies: localActivityDependencies(path.join(runDir, 'activities')), workflowsEntry: BENCH_WORKFLOWS });
    running = worker.run();

    const events = eventPath(EVENTS);
    if (WARM_UP) {
      log(`warm-up: ${WARM_UP} cases × ${EVENTS} events of each kind (not measured)…`);
      await run(temporal.client, 'noop', 'warm-noop-', WARM_UP, events, server.pid);
      await run(temporal.client, 'sopflow', 'warm-sop-', WARM_UP, events, server.pid);
    }
    // This machine's speed drifts by tens of percent within minutes, so one baseline run then one sopflow run
    // compares two moments as much as two workflows: rounds alternate which goes first, and each round's ratio is
    // printed beside their median and the pooled figures.
    const rounds: { baseline: Measured; sopflow: Measured }[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      log(`round ${r + 1} of ${ROUNDS}: ${CASES} cases × ${EVENTS} events of each kind, ${CONCURRENCY} cases at a time, ${r % 2 ? 'sopflow' : 'baseline'} first…`);
      const first: Kind = r % 2 ? 'sopflow' : 'noop';
      const second: Kind = r % 2 ? 'noop' : 'sopflow';
      const a = await run(temporal.client, first, `r${r}-${first}-`, CASES, events, server.pid);
      const b = await run(temporal.client, second, `r${r}-${second}-`, CASES, events, server.pid);
      rounds.push(first === 'noop' ? { baseline: a, sopflow: b } : { baseline: b, sopflow: a });
    }
    const baseline = pooled(rounds.map((r) => r.baseline));
    const sopflow = pooled(rounds.map((r) => r.sopflow));
    const cpuOf = (m: Measured): number => m.cpuMsPerEvent.worker + m.cpuMsPerEvent.server;
    const perRound = rounds.map(({ baseline: b, sopflow: s }) => ({ throughput: s.eventsPerSecond / b.eventsPerSecond, p95: s.latencyMs.p95 / b.latencyMs.p95, cpu: cpuOf(s) / cpuOf(b) }));

    const setting = {
      cases: CASES,
      eventsPerCase: EVENTS,
      concurrency: CONCURRENCY,
      warmUpCases: WARM_UP,
      path: events.map((e) => e.type),
      server: 'Temporal CLI dev server 1.5.1, in-memory SQLite, on this machine',
      payloads: 'AES-256-GCM payload codec in both runs (same data converter)',
      machine: `${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(2)} at the end, node ${process.version}`,
    };
    if (args.json) {
      const strip = ({ latencies: _latencies, ...m }: Measured): Omit<Measured, 'latencies'> => m;
      console.log(JSON.stringify({ setting, rounds: ROUNDS, baseline: strip(baseline), sopflow: strip(sopflow), perRound, ratio: { eventsPerSecond: sopflow.eventsPerSecond / baseline.eventsPerSecond, p95: sopflow.latencyMs.p95 / baseline.latencyMs.p95 } }, null, 2));
      return;
    }
    console.log(`bench:cases — ${ROUNDS} rounds × ${CASES} cases × ${EVENTS} events of each kind (Updates, each awaited to completion), ${CONCURRENCY} cases at a time`);
    console.log(`path: ${setting.path.join(' → ')}`);
    console.log(`${setting.server}; worker with SDK defaults in this process; ${setting.machine}`);
    console.log(`both kinds: ${setting.payloads}, the same server and worker, the same case input; rounds alternate which runs first`);
    for (const [i, r] of perRound.entries()) console.log(`round ${i + 1}: throughput ×${r.throughput.toFixed(2)}, p95 ×${r.p95.toFixed(2)}, CPU per event ×${r.cpu.toFixed(2)}`);
    console.log(`median of the rounds: throughput ×${median(perRound.map((r) => r.throughput)).toFixed(2)}, p95 ×${median(perRound.map((r) => r.p95)).toFixed(2)}, CPU per event ×${median(perRound.map((r) => r.cpu)).toFixed(2)}`);
    console.log('pooled over the rounds:');
    print(baseline, sopflow);
  } finally {
    worker?.shutdown();
    await running;
    await nativeConnection?.close();
    await temporal.close();
    await server.stop();
    fs.rmSync(runDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(`bench:cases: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
