// The crash campaign: the real stack as separate processes on loopback, the load generator driving cases through
// the HTTP API, and a seeded controller that kill -9s the worker, the API and the Temporal dev server at random
// points and starts them again; then, with everything up, the ledger checks (chaos/verify-ledger.ts).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { RECEIVERS_FILE } from '../activities/webhook-sender';
import { createTemporalClient } from '../client/temporal-client';
import { loadEnvironment } from '../config/environment';
import { freePort } from '../local-temporal/free-port';
import { payloadKeyring } from '../security/payload-keys';
import { CaseRandom } from '../simulator/engine/case-random';
import { LoadGenerator, type Ledger } from './load-generator';
import { compareWithRebuild, workerProjects } from './read-model-check';
import { PARTS, ProcessStack, type Outage, type Part, type StackPorts } from './stack';
import { ON_TIME_MS, passed, verifyLedger, type Verdict } from './verify-ledger';
import { startWebhookReceiver } from './webhook-receiver';
import { formatWorkflowTaskReport, workflowTaskReport } from './workflow-task-report';

export interface CampaignOptions {
  cases: number;
  seed: number;
  kills: number;
  /** A fresh, empty directory: the dev server's SQLite file, the payload key, outbox, logs. */
  dataDir: string;
  ports?: Partial<StackPorts>;
  parallel?: number;
  /** New cases begun per second (default CASES_PER_SECOND); 0: as fast as `parallel` allows. */
  casesPerSecond?: number;
  /** The whole run (load, kills, recovery, checks) is bounded by this. */
  maxSeconds?: number;
  /**
   * How long after an arrest is sent its clock falls due: long enough for the arrest to land first on a busy
   * machine (one that lands later breaches on arrival, and tests no timer).
   */
  dueInSeconds?: [number, number];
  /** How late a clock may fire after its due time or the recovery after it; default 1 s. */
  onTimeMs?: number;
  /** Seconds between one part's recovery and the next kill. */
  gapSeconds?: [number, number];
  log?: (msg: string) => void;
}

export interface CampaignResult {
  verdict: Verdict;
  passed: boolean;
  kills: Record<Part, number>;
  outages: Outage[];
  ledger: Ledger;
  seconds: { load: number; total: number };
  onTimeMs: number;
  /** Where the case workflows' time went (chaos/workflow-task-report.ts). */
  workflowTasks: string;
}

/**
 * The campaign's default arrival rate. Unpaced, the generator's 8 calls in flight kept this 2-core machine's CPU
 * saturated by the stack (worker, dev server, API and generator on the same cores), and a clock's lateness then
 * measured queueing on the machine, not the recovery it is there to check.
 */
export const CASES_PER_SECOND = 2;
/** Cases a second the stack took here when unpaced (1,000 in ~5 minutes): how long an unpaced load is planned for. */
const UNPACED_CASES_PER_SECOND = 3.3;
/** A kill's outage and restart, about (seconds): part of each gap in the kill plan. */
const OUTAGE_SECONDS = 3.25;

/** The seeded kill plan: which part, how long after the last recovery, how long it stays down. */
export function killPlan(seed: number, kills: number, gap: [number, number]): { part: Part; afterMs: number; downMs: number }[] {
  const random = new CaseRandom(seed, 0, 99);
  const plan: { part: Part; afterMs: number; downMs: number }[] = [];
  let round: Part[] = [];
  for (let k = 0; k < kills; k++) {
    // Each round of three kills every part once, in a seeded order: every part is killed, none twice in a row often.
    if (round.length === 0) round = [...PARTS].sort(() => random.uniform() - 0.5);
    plan.push({ part: round.pop()!, afterMs: Math.round(random.between(gap[0], gap[1]) * 1000), downMs: Math.round(random.between(200, 2500)) });
  }
  return plan;
}

export async function runCampaign(options: CampaignOptions): Promise<CampaignResult> {
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const deadline = started + (options.maxSeconds ?? 300 + 3 * options.cases) * 1000;
  const dataDir = path.resolve(options.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const ports: StackPorts = {
    dev: options.ports?.dev ?? (await freePort()),
    api: options.ports?.api ?? (await freePort()),
    oidc: options.ports?.oidc ?? (await freePort()),
  };
  const secret = randomBytes(24).toString('hex');
  const receiver = await startWebhookReceiver(secret);
  fs.mkdirSync(path.dirname(path.join(dataDir, RECEIVERS_FILE)), { recursive: true });
  fs.writeFileSync(path.join(dataDir, RECEIVERS_FILE), JSON.stringify({ receivers: [{ id: 'chaos-receiver', province: 'punjab', url: receiver.url, secret }] }), { mode: 0o600 });

  const stack = new ProcessStack({ dataDir, ports, log });
  try {
    log(`starting the stack in ${dataDir} (dev server :${ports.dev}, API :${ports.api}, OpenID :${ports.oidc})`);
    await stack.startAll();
    log(`stack up in ${Math.round((Date.now() - started) / 1000)} s; driving ${options.cases} cases with ${options.kills} kills (seed ${options.seed})`);

    const generator = new LoadGenerator({
      apiUrl: stack.apiUrl,
      issuer: stack.issuer,
      cases: options.cases,
      seed: options.seed,
      parallel: options.parallel ?? 8,
      casesPerSecond: options.casesPerSecond ?? CASES_PER_SECOND,
      deadline,
      dueInMs: options.dueInSeconds ? [options.dueInSeconds[0] * 1000, options.dueInSeconds[1] * 1000] : [45_000, 120_000],
      log,
    });
    const loadStarted = Date.now();
    let loadDone = false;
    const load = generator.run().finally(() => (loadDone = true));

    // The controller: one outage at a time, while the load runs (kills left when it ends are not made).
    const controller = (async () => {
      // Gaps grow with the run, so a big one is killed throughout, not only in its first minutes; slowly enough that
      // the whole plan (6 kills by default) falls inside the first two thirds of the load (its arrivals are paced;
      // unpaced, 1,000 cases took ~5 minutes here).
      const rate = options.casesPerSecond ?? CASES_PER_SECOND;
      const loadSeconds = options.cases / (rate > 0 ? rate : UNPACED_CASES_PER_SECOND);
      // The gaps are drawn from [3, 10] × scale, 6.5 × scale on average.
      const meanGap = (0.65 * loadSeconds) / Math.max(1, options.kills) - OUTAGE_SECONDS;
      const scale = Math.max(1, meanGap / 6.5);
      for (const step of killPlan(options.seed, options.kills, options.gapSeconds ?? [3 * scale, 10 * scale])) {
        await new Promise((r) => setTimeout(r, step.afterMs));
        if (loadDone || Date.now() > deadline) return;
        log(`kill -9 ${step.part} (down ${step.downMs} ms)`);
        await stack.kill(step.part);
        await new Promise((r) => setTimeout(r, step.downMs));
        // What the killed part needs may have been the part killed: start everything that is down.
        await stack.startAll();
        log(`${step.part} back after ${Date.now() - stack.outages.at(-1)!.downAt} ms`);
      }
    })();
    const ledger = await load;
    const loadSeconds = Math.round((Date.now() - loadStarted) / 1000);
    await controller;
    await stack.startAll();
    log(`load done in ${loadSeconds} s; checking the ledger`);

    const env = loadEnvironment({ SOPFLOW_DATA_DIR: dataDir, SOPFLOW_DEV_PORT: String(ports.dev) });
    const temporal = await createTemporalClient(env, { keyring: payloadKeyring(env, { generate: false }) });
    try {
      // The live read model is read once the worker and the API (which hold its PGlite directory) have stopped.
      const readModel = workerProjects(dataDir)
        ? async () => {
            await stack.stop('api');
            await stack.stop('worker');
            return compareWithRebuild(dataDir, temporal.client);
          }
        : undefined;
      const tasks = await workflowTaskReport(temporal.client).catch((err: unknown) => `workflow tasks: not read (${(err as Error).message})`);
      const verdict = await verifyLedger({ client: temporal.client, dataDir, ledger, outages: stack.outages, receiver, ...(options.onTimeMs ? { onTimeMs: options.onTimeMs } : {}), ...(readModel ? { readModel } : {}) });
      return { verdict, passed: passed(verdict), workflowTasks: typeof tasks === 'string' ? tasks : formatWorkflowTaskReport(tasks), kills: { ...stack.kills }, outages: stack.outages, ledger, seconds: { load: loadSeconds, total: Math.round((Date.now() - started) / 1000) }, onTimeMs: options.onTimeMs ?? ON_TIME_MS };
    } finally {
      await temporal.close();
    }
  } finally {
    await stack.stopAll().catch((err: unknown) => log(`stopping the stack: ${(err as Error).message}`));
    await receiver.close();
  }
}

/** The report the CLI prints and the test logs. */
export function formatCampaign(r: CampaignResult): string[] {
  const v = r.verdict;
  return [
    `cases: ${v.cases.opened}/${v.cases.planned} opened (${v.cases.breachPlans} with a clock due in the run, ${v.cases.metPlans} met in time)`,
    `events: sent ${v.events.sent}, acknowledged ${v.events.acknowledged}, applied ${v.events.applied}, lost ${v.events.lost}, duplicated ${v.events.duplicated}, unacknowledged ${v.events.unacknowledged} (applied anyway ${v.events.appliedUnacknowledged}), missing from the event sink ${v.events.sinkMissing}`,
    `http: ${r.ledger.requests} requests, ${r.ledger.retries} retries, ${r.ledger.rateLimited} rate-limited`,
    `tasks: ${v.tasks.workflows} task workflows, duplicated ${v.tasks.duplicated}, missing ${v.tasks.missing}, unexpected ${v.tasks.unexpected}`,
    `clocks: ${v.clocks.due} due in the run, ${v.clocks.fired} fired (${v.clocks.onArrival} breached on the arrival of an event held up past its due time, ${v.clocks.interrupted} counted from a recovery because a kill came within a second after due, before the task opened), late (>${r.onTimeMs} ms after due or recovery) ${v.clocks.late}, still running past due ${v.clocks.unfired}, wrong outcome ${v.clocks.wrongOutcome}; lateness after due or recovery p50 ${v.clocks.p50LatenessMs} ms, p90 ${v.clocks.p90LatenessMs} ms, p99 ${v.clocks.p99LatenessMs} ms, max ${v.clocks.maxLatenessMs} ms (max counted from the restart alone, before Temporal handed over a dead process's tasks: ${v.clocks.maxAfterRestartMs} ms)`,
    ...v.clocks.lateExamples.map((e) => `  late: ${e}`),
    ...v.clocks.lateTraces.map((t) => `  late, its history after the bound: ${t}`),
    r.workflowTasks,
    `notifications: ${v.notifications.total} in the outbox, duplicated ${v.notifications.duplicated}`,
    `webhooks: ${v.webhooks.delivered}/${v.webhooks.ids} ids delivered, missing ${v.webhooks.missing}, unexpected ${v.webhooks.unexpected}, redeliveries of an id ${v.webhooks.redeliveries} (deduped by the receiver), refused signatures ${v.webhooks.refused}`,
    `read model vs rebuild: ${v.readModel.status} (${v.readModel.detail})`,
    `kills survived: server ${r.kills.server}, worker ${r.kills.worker}, api ${r.kills.api}`,
    ...r.outages.map((o) => `  ${o.part} killed at ${new Date(o.downAt).toISOString().slice(11, 19)}, answering again after ${o.upAt === undefined ? 'never' : `${o.upAt - o.downAt} ms`}`),
    `time: load ${r.seconds.load} s, total ${r.seconds.total} s`,
    ...v.problems.map((p) => `problem: ${p}`),
    r.passed ? `PASS: nothing lost, nothing duplicated, every due clock fired within ${r.onTimeMs} ms` : 'FAIL',
  ];
}
