// `npm run bench:api`: events through the HTTP API next to the same events through client/ directly, in the
// same run on the same Temporal dev server, worker and data converter. N cases are opened and each streamed M
// events along the realistic path of bench:cases, with bounded concurrency; the API side signs in as the Punjab
// CFMS (client credentials at the in-process OpenID provider) and posts over real HTTP on a loopback port, so
// token verification, zod validation, authorisation, the audit log and JSON encoding are all in its figures.
// The two runs alternate in rounds (direct, API, direct, API…) so drift in the machine's load hits both.
// Prints figures; asserts nothing (benchmarks are not tests).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Client } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { localActivityDependencies } from '../activities/index';
import { JsonLinesAuditSink } from '../api/audit/audit-sink';
import { createTokenVerifier } from '../api/auth/token-verifier';
import { buildApi } from '../api/build-api';
import { temporalCasesPort } from '../api/cases/temporal-cases-port';
import { startLocalProvider } from '../api/oidc/local-provider';
import { loadSopCatalogue } from '../api/sop-packs/sop-catalogue';
import { temporalTasksPort } from '../api/tasks/temporal-tasks-port';
import { sendCaseEvent } from '../client/case-events';
import { openCaseWorkflow } from '../client/open-case';
import { createTemporalClient } from '../client/temporal-client';
import { loadEnvironment } from '../config/environment';
import { startDevServer } from '../local-temporal/dev-server';
import { freePort } from '../local-temporal/free-port';
import { loadBundleFile } from '../sources/load-sources';
import type { CaseFactsInput } from '../rules/schema/case-facts';
import { encryptedDataConverter, type PayloadKeyring } from '../security/payload-encryption-codec';
import { createSopflowWorker } from '../worker/create-worker';
import { integerFlag } from './integer-flag';

const PACK = 'sop-definitions/punjab/punjab-2026.1.yaml';
const TASK_QUEUE = 'bench-api';

const { values: args } = parseArgs({
  options: {
    cases: { type: 'string', default: '60' },
    events: { type: 'string', default: '12' },
    concurrency: { type: 'string', default: '12' },
    rounds: { type: 'string', default: '2' },
    'warm-up': { type: 'string', default: '6' },
    json: { type: 'boolean', default: false },
  },
});
const flag = (name: string, raw: string, min: number): number => integerFlag('bench:api', name, raw, min);
const CASES = flag('cases', args.cases, 1);
const EVENTS = flag('events', args.events, 1);
const CONCURRENCY = flag('concurrency', args.concurrency, 1);
const ROUNDS = flag('rounds', args.rounds, 1);
const WARM_UP = flag('warm-up', args['warm-up'], 0);

const PRE_TRIAL: { type: string; facts?: Record<string, unknown> }[] = [
  { type: 'ACCUSED_ARRESTED' },
  { type: 'PRODUCED_BEFORE_MAGISTRATE' },
  { type: 'PHYSICAL_REMAND_ORDERED' },
  { type: 'JUDICIAL_REMAND_ORDERED' },
  { type: 'FINAL_CHALLAN_SUBMITTED', facts: { challan: { documents: ['fir_copy', 'statements_161', 'list_of_witnesses', 'site_plan'] } } },
  { type: 'SCRUTINY_COMPLETED', facts: { scrutiny: { objections: [] } } },
  { type: 'CHALLAN_FILED_IN_COURT' },
  { type: 'CHARGE_FRAMED' },
];
const TRIAL = [{ type: 'HEARING_ADJOURNED' }, { type: 'WITNESS_ABSENT' }, { type: 'HEARING_HELD' }];
const eventPath = (m: number): { id: string; type: string; facts?: Record<string, unknown> }[] =>
  Array.from({ length: m }, (_, i) => ({ id: `e${i + 1}`, ...(PRE_TRIAL[i] ?? TRIAL[(i - PRE_TRIAL.length) % TRIAL.length]!) }));

interface Sample {
  latencies: number[];
  seconds: number;
  refused: number;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function pool(count: number, limit: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, count) }, async () => {
    while (next < count) await job(next++);
  }));
}

type Side = 'direct' | 'api';

interface Driver {
  open(facts: CaseFactsInput, firAt: number): Promise<string>;
  send(caseId: string, event: { id: string; type: string; facts?: Record<string, unknown> }): Promise<void>;
}

function directDriver(client: Client): Driver {
  const bundle = loadBundleFile(PACK);
  return {
    open: async (facts, firAt) => (await openCaseWorkflow(client, { bundle, facts, firAt, taskQueue: TASK_QUEUE })).caseId,
    send: async (caseId, event) => {
      await sendCaseEvent(client, caseId, event);
    },
  };
}

function apiDriver(base: string, token: string): Driver {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  return {
    open: async (facts, firAt) => {
      const res = await fetch(`${base}/cases`, { method: 'POST', headers, body: JSON.stringify({ facts, firAt: new Date(firAt).toISOString() }) });
      const body = (await res.json()) as { caseId?: string; detail?: string };
      if (!res.ok || !body.caseId) throw new Error(`POST /cases answered ${res.status}: ${body.detail ?? ''}`);
      return body.caseId;
    },
    send: async (caseId, event) => {
      const res = await fetch(`${base}/cases/${encodeURIComponent(caseId)}/events`, { method: 'POST', headers, body: JSON.stringify(event) });
      const body = (await res.json()) as { detail?: string };
      if (!res.ok) throw new Error(`${res.status} ${body.detail ?? ''}`);
    },
  };
}

async function run(driver: Driver, side: Side, prefix: string, cases: number, events: ReturnType<typeof eventPath>): Promise<Sample> {
  const firAt = Date.now() - 3_600_000;
  const year = new Date(firAt + 5 * 3_600_000).getUTCFullYear();
  const ids: string[] = new Array<string>(cases);
  await pool(cases, CONCURRENCY, async (i) => {
    ids[i] = await driver.open(
      { province: 'punjab', district: 'lahore', policeStation: `ps-${i % 40}`, fir: { number: `${prefix}${i}`, year }, offence: { class: 'theft', sections: ['PPC 379'] }, accused: { inCustody: true } },
      firAt,
    );
  });
  const latencies: number[] = [];
  let refused = 0;
  const t = performance.now();
  await pool(cases, CONCURRENCY, async (i) => {
    for (const event of events) {
      const t0 = performance.now();
      try {
        await driver.send(ids[i]!, event);
      } catch (err) {
        refused++;
        if (refused === 1) console.error(`bench:api: ${side} refused ${event.type}: ${(err as Error).message}`);
      }
      latencies.push(performance.now() - t0);
    }
  });
  return { latencies, seconds: (performance.now() - t) / 1000, refused };
}

function summarise(samples: Sample[]): { eventsPerSecond: number; p50: number; p95: number; events: number; refused: number } {
  const all = samples.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const seconds = samples.reduce((n, s) => n + s.seconds, 0);
  return { eventsPerSecond: all.length / seconds, p50: percentile(all, 50), p95: percentile(all, 95), events: all.length, refused: samples.reduce((n, s) => n + s.refused, 0) };
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-bench-api-'));
  const keyring: PayloadKeyring = { current: { id: 'bench', key: randomBytes(32) } };
  const log = (msg: string): void => console.error(`bench:api: ${msg}`);

  log('starting a Temporal dev server, a worker, the OpenID provider and the API…');
  const server = await startDevServer({ port: await freePort(), logFile: path.join(runDir, 'dev-server.log') });
  const temporal = await createTemporalClient(loadEnvironment({}), { address: server.address, keyring });
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  let nativeConnection: NativeConnection | undefined;
  const provider = await startLocalProvider({ dataDir: path.join(runDir, 'oidc'), port: await freePort(), audience: 'sopflow-api', redirectUris: ['http://127.0.0.1:1/cb'] });
  const catalogue = loadSopCatalogue('sop-definitions');
  const api = await buildApi({
    verifyToken: createTokenVerifier({ issuer: provider.issuer, audience: 'sopflow-api' }),
    cases: temporalCasesPort({ client: temporal.client, taskQueue: TASK_QUEUE, catalogue }),
    tasks: temporalTasksPort(temporal.client),
    audit: new JsonLinesAuditSink(path.join(runDir, 'audit', 'audit.jsonl')),
    sopPacks: catalogue,
    // The bench is one caller sending as fast as it can: the per-caller limit would measure the limiter.
    rateLimit: { max: 1_000_000, timeWindowMs: 60_000 },
  });
  try {
    nativeConnection = await NativeConnection.connect({ address: server.address });
    worker = await createSopflowWorker({ connection: nativeConnection, namespace: 'default', taskQueue: TASK_QUEUE, dataConverter: encryptedDataConverter(keyring), activityDependencies: localActivityDependencies(path.join(runDir, 'activities')) });
    running = worker.run();
    const base = await api.listen({ port: await freePort(), host: '127.0.0.1' });
    const tokenRes = await fetch(`${provider.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from('punjab-cfms:local-only-punjab-cfms').toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'api' }),
    });
    const token = ((await tokenRes.json()) as { access_token: string }).access_token;

    const drivers: Record<Side, Driver> = { direct: directDriver(temporal.client), api: apiDriver(base, token) };
    const events = eventPath(EVENTS);
    if (WARM_UP) {
      log(`warm-up: ${WARM_UP} cases × ${EVENTS} events each way (not measured)…`);
      await run(drivers.direct, 'direct', 'wd', WARM_UP, events);
      await run(drivers.api, 'api', 'wa', WARM_UP, events);
    }
    const samples: Record<Side, Sample[]> = { direct: [], api: [] };
    for (let r = 0; r < ROUNDS; r++) {
      log(`round ${r + 1}/${ROUNDS}: ${CASES} cases × ${EVENTS} events, ${CONCURRENCY} cases at a time, direct then API…`);
      samples.direct.push(await run(drivers.direct, 'direct', `d${r}-`, CASES, events));
      samples.api.push(await run(drivers.api, 'api', `a${r}-`, CASES, events));
    }
    const direct = summarise(samples.direct);
    const viaApi = summarise(samples.api);
    const cost = 1 - viaApi.eventsPerSecond / direct.eventsPerSecond;
    const setting = { cases: CASES, eventsPerCase: EVENTS, concurrency: CONCURRENCY, rounds: ROUNDS, machine: `${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(2)} at the end, node ${process.version}` };
    if (args.json) {
      console.log(JSON.stringify({ setting, direct, api: viaApi, apiThroughputCost: cost }, null, 2));
      return;
    }
    console.log(`bench:api — ${ROUNDS} rounds × ${CASES} cases × ${EVENTS} events each way, ${CONCURRENCY} cases at a time; ${setting.machine}`);
    console.log('API: HTTP on loopback, bearer token (ES256, local OpenID provider) verified per request, zod in and out, audit log to a file');
    const f = (n: number, d = 1): string => n.toFixed(d).padStart(10);
    console.log(`${''.padEnd(28)}${'events/s'.padStart(10)}${'p50 ms'.padStart(10)}${'p95 ms'.padStart(10)}${'events'.padStart(10)}`);
    console.log(`${'client/ direct'.padEnd(28)}${f(direct.eventsPerSecond)}${f(direct.p50)}${f(direct.p95)}${f(direct.events, 0)}`);
    console.log(`${'HTTP API'.padEnd(28)}${f(viaApi.eventsPerSecond)}${f(viaApi.p50)}${f(viaApi.p95)}${f(viaApi.events, 0)}`);
    console.log(`API throughput cost: ${(cost * 100).toFixed(1)}% (target ≤ 15%); p50 ×${(viaApi.p50 / direct.p50).toFixed(2)}, p95 ×${(viaApi.p95 / direct.p95).toFixed(2)}`);
    for (const [label, m] of [['direct', direct], ['API', viaApi]] as const) if (m.refused) console.log(`note: ${label} refused ${m.refused} of ${m.events} events`);
  } finally {
    await api.close();
    await provider.close();
    worker?.shutdown();
    await running;
    await nativeConnection?.close();
    await temporal.close();
    await server.stop();
    fs.rmSync(runDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(`bench:api: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
