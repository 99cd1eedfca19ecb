// The crash campaign's load generator: drives cases through the HTTP API as a source system and a station's SHO
// would, retrying every call (network errors, 5xx, 429) with the same idempotency key, and keeps its own ledger
// of what it sent and what the API acknowledged. Each case opens with an FIR two days old and an arrest whose
// 24-hour production clock (CrPC s.61) falls due a few seconds into the run (the arrest is back-dated), or an
// arrest followed by production before a magistrate (the clock is met and must not fire). Breached clocks'
// tasks are found through the SHO's inbox (visibility, no case update: polling a case view would record the
// breach itself and hide a late timer) and acknowledged with an Idempotency-Key.
import { DateTime } from 'luxon';
import { CaseRandom } from '../simulator/engine/case-random';
import { authorizationCodeToken, clientCredentialsToken, localProviderFlow } from '../test/api/oidc-tokens';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const PRODUCTION_CLOCK = 'production-before-magistrate';

export interface SentEvent {
  caseId: string;
  eventId: string;
  /** `event`: POST /cases/{id}/events; `ack`: POST /tasks/{id}/acknowledge. */
  via: 'event' | 'ack';
  type: string;
  attempts: number;
  acknowledged: boolean;
  /** When the API answered 200 (applied or duplicate). */
  ackAt?: number;
  answer?: 'applied' | 'duplicate';
  /** A final refusal (4xx) or giving up at the deadline. */
  failure?: string;
}

export interface CasePlan {
  index: number;
  caseId?: string;
  plan: 'breach' | 'met';
  /** When the production clock falls due (breach plans); the arrest is dated 24 h before it. */
  dueAt?: number;
  taskId?: string;
  opened: boolean;
}

export interface Ledger {
  cases: CasePlan[];
  events: SentEvent[];
  requests: number;
  retries: number;
  rateLimited: number;
}

export interface LoadOptions {
  apiUrl: string;
  issuer: string;
  cases: number;
  seed: number;
  /** HTTP calls in flight at once. */
  parallel: number;
  /** Nothing is retried after this instant. */
  deadline: number;
  /** Range of how far past the arrest's first send its clock falls due. */
  dueInMs: [number, number];
  /** New cases begun per second, evenly spaced (an open-loop arrival rate); 0: as fast as `parallel` allows. */
  casesPerSecond: number;
  log?: (msg: string) => void;
}

const REDIRECT = (api: string): string => `${api}/docs/oauth2-redirect.html`;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A FIFO limit on calls in flight. */
class Semaphore {
  private waiting: (() => void)[] = [];
  private active = 0;
  constructor(private readonly max: number) {}
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

/** Tokens round-robin (the API rate-limits per token, as it does per source system). */
class TokenPool {
  private tokens: string[] = [];
  private next = 0;
  constructor(
    private readonly size: number,
    private readonly mint: () => Promise<string>,
  ) {}
  async take(): Promise<string> {
    if (this.tokens.length < this.size) this.tokens.push(await this.mint());
    return this.tokens[this.next++ % this.tokens.length]!;
  }
  /** A 401: the provider's key survives restarts, but a token expires (15 min); mint again. */
  async renew(stale: string): Promise<void> {
    const i = this.tokens.indexOf(stale);
    if (i >= 0) this.tokens[i] = await this.mint();
  }
}

type Reply = { status: number; body: Record<string, unknown> };

export class LoadGenerator {
  readonly ledger: Ledger = { cases: [], events: [], requests: 0, retries: 0, rateLimited: 0 };
  private readonly slots: Semaphore;
  private readonly system: TokenPool;
  private readonly sho: TokenPool;
  private readonly log: (msg: string) => void;
  private readonly firAt: number;

  constructor(private readonly options: LoadOptions) {
    this.slots = new Semaphore(options.parallel);
    this.log = options.log ?? (() => undefined);
    const tokenEndpoint = `${options.issuer}/token`;
    this.system = new TokenPool(4, () => this.untilDeadline('token', () => clientCredentialsToken(tokenEndpoint, 'punjab-cfms', 'local-only-punjab-cfms', { scope: 'api' })));
    this.sho = new TokenPool(2, () => this.untilDeadline('sign-in', () => authorizationCodeToken(localProviderFlow(options.issuer, REDIRECT(options.apiUrl)), 'lahore-sho', 'local-only-demo')));
    this.firAt = Date.now() - 2 * DAY;
  }

  private async untilDeadline<T>(what: string, fn: () => Promise<T>): Promise<T> {
    for (let delay = 200; ; delay = Math.min(delay * 2, 2_000)) {
      try {
        return await fn();
      } catch (err) {
        if (Date.now() > this.options.deadline) throw new Error(`${what}: ${(err as Error).message}`);
        await sleep(delay);
      }
    }
  }

  /** One call, retried on anything a crash can cause, with the same body and key; a 4xx other than 401/429 is final. */
  private async call(pool: TokenPool, method: 'GET' | 'POST', route: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply & { attempts: number }> {
    let attempts = 0;
    for (let delay = 200; ; delay = Math.min(delay * 2, 3_000)) {
      attempts++;
      this.ledger.requests++;
      const token = await pool.take();
      let reply: Reply | undefined;
      try {
        reply = await this.slots.run(async () => {
          const res = await fetch(`${this.options.apiUrl}${route}`, {
            method,
            headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
            ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
            signal: AbortSignal.timeout(30_000),
          });
          const text = await res.text();
          return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
        });
      } catch {
        reply = undefined; // connection refused or reset, a timeout: the API or what is behind it is down
      }
      if (reply && reply.status < 500 && reply.status !== 429 && reply.status !== 401) return { ...reply, attempts };
      if (reply?.status === 401) await pool.renew(token).catch(() => undefined);
      if (reply?.status === 429) this.ledger.rateLimited++;
      if (Date.now() > this.options.deadline) return { status: reply?.status ?? 0, body: reply?.body ?? { detail: 'gave up at the deadline' }, attempts };
      this.ledger.retries++;
      await sleep(delay);
    }
  }

  private async sendEvent(plan: CasePlan, event: { id: string; type: string; at: number; facts?: Record<string, unknown> }): Promise<SentEvent> {
    const sent: SentEvent = { caseId: plan.caseId!, eventId: event.id, via: 'event', type: event.type, attempts: 0, acknowledged: false };
    this.ledger.events.push(sent);
    const body = { id: event.id, type: event.type, at: new Date(event.at).toISOString(), ...(event.facts ? { facts: event.facts } : {}) };
    const reply = await this.call(this.system, 'POST', `/cases/${encodeURIComponent(plan.caseId!)}/events`, body);
    sent.attempts = reply.attempts;
    if (reply.status === 200) {
      sent.acknowledged = true;
      sent.ackAt = Date.now();
      sent.answer = reply.body.status as SentEvent['answer'];
    } else sent.failure = `${reply.status} ${JSON.stringify(reply.body.code ?? reply.body.detail ?? '')}`;
    return sent;
  }

  private async driveCase(index: number): Promise<void> {
    const random = new CaseRandom(this.options.seed, index, 7);
    const plan: CasePlan = { index, plan: random.chance(0.5) ? 'breach' : 'met', opened: false };
    this.ledger.cases.push(plan);
    const year = DateTime.fromMillis(this.firAt, { zone: 'Asia/Karachi' }).year;
    const facts = { province: 'punjab', district: 'lahore', policeStation: 'model-town', fir: { number: String(100_000 + index), year }, offence: { class: 'theft' } };
    const opened = await this.call(this.system, 'POST', '/cases', { facts, firAt: new Date(this.firAt).toISOString() });
    if (opened.status !== 200 && opened.status !== 201) {
      this.log(`case ${index}: not opened (${opened.status} ${JSON.stringify(opened.body).slice(0, 200)})`);
      return;
    }
    plan.caseId = opened.body.caseId as string;
    plan.opened = true;
    const arrested = { accused: { inCustody: true } };
    if (plan.plan === 'breach') {
      const [lo, hi] = this.options.dueInMs;
      plan.dueAt = Date.now() + Math.round(random.between(lo, hi));
      plan.taskId = `${plan.caseId}/task/breach:${PRODUCTION_CLOCK}#1`;
      await this.sendEvent(plan, { id: `arrest-${index}`, type: 'ACCUSED_ARRESTED', at: plan.dueAt - DAY, facts: arrested });
    } else {
      const arrestedAt = Date.now() - HOUR;
      const first = await this.sendEvent(plan, { id: `arrest-${index}`, type: 'ACCUSED_ARRESTED', at: arrestedAt, facts: arrested });
      if (first.acknowledged) await this.sendEvent(plan, { id: `produced-${index}`, type: 'PRODUCED_BEFORE_MAGISTRATE', at: arrestedAt + HOUR / 2 });
    }
  }

  /** The SHO's inbox, read once a second; each open task of ours is acknowledged once, with a key of its own. */
  private async acknowledgeTasks(done: () => boolean): Promise<void> {
    const acked = new Set<string>();
    const inFlight = new Set<Promise<void>>();
    while (!done() || inFlight.size > 0) {
      const expected = new Map(this.ledger.cases.filter((c) => c.taskId && !acked.has(c.taskId)).map((c) => [c.taskId!, c]));
      if (expected.size === 0 && done()) break;
      if (Date.now() > this.options.deadline) break;
      if (expected.size > 0) {
        const inbox = await this.call(this.sho, 'GET', `/tasks?status=open&breachedClock=${PRODUCTION_CLOCK}&limit=500`);
        const tasks = inbox.status === 200 ? (inbox.body.tasks as { taskId: string }[]) : [];
        for (const { taskId } of tasks) {
          const plan = expected.get(taskId);
          if (!plan || acked.has(taskId)) continue;
          acked.add(taskId);
          const job = this.acknowledge(plan).finally(() => inFlight.delete(job));
          inFlight.add(job);
        }
      }
      await sleep(1_000);
    }
    await Promise.all(inFlight);
  }

  private async acknowledge(plan: CasePlan): Promise<void> {
    const key = `ack-${plan.index}`;
    const sent: SentEvent = { caseId: plan.caseId!, eventId: key, via: 'ack', type: 'acknowledge', attempts: 0, acknowledged: false };
    this.ledger.events.push(sent);
    const reply = await this.call(this.sho, 'POST', `/tasks/${encodeURIComponent(plan.taskId!)}/acknowledge`, {}, { 'idempotency-key': key });
    sent.attempts = reply.attempts;
    if (reply.status === 200) {
      sent.acknowledged = true;
      sent.ackAt = Date.now();
      sent.answer = reply.body.status as SentEvent['answer'];
    } else sent.failure = `${reply.status} ${JSON.stringify(reply.body.code ?? reply.body.detail ?? '')}`;
  }

  /** Drives every case; resolves once every event was answered and every due task acknowledged (or the deadline). */
  async run(): Promise<Ledger> {
    let openingAll = true;
    const acks = this.acknowledgeTasks(() => !openingAll && this.ledger.cases.filter((c) => c.plan === 'breach' && c.opened).every((c) => c.dueAt! < Date.now() - 1_000));
    // A bounded number of cases being opened at once, so each arrest lands well before its clock falls due
    // however slow the machine, and the clocks fall due across the run rather than in one burst.
    const opening = new Semaphore(this.options.parallel * 3);
    const drives: Promise<void>[] = [];
    const begun = Date.now();
    for (let i = 0; i < this.options.cases; i++) {
      // Arrivals at a set rate, whatever the answers' latency: a closed loop would offer the stack all it can take
      // and measure its queues, not its timeliness (bench:cases measures the capacity).
      if (this.options.casesPerSecond > 0) {
        const wait = begun + (i * 1000) / this.options.casesPerSecond - Date.now();
        if (wait > 0) await sleep(wait);
      }
      drives.push(opening.run(() => this.driveCase(i)).catch((err: unknown) => this.log(`case ${i}: ${(err as Error).message}`)));
      if (i % 100 === 99) void Promise.all(drives.slice(-100)).then(() => this.log(`${i + 1} cases opened`));
    }
    await Promise.all(drives);
    openingAll = false;
    await acks;
    return this.ledger;
  }
}
