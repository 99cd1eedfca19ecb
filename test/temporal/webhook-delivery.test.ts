// Outbound webhooks against the real stack (dev server, sopflow worker, HTTP receivers on real ports): a
// receiver that fails its first tries and loses one acknowledgement still acts on each notification exactly once
// per idempotency id, across a worker restart; a receiver that never answers ends in the dead-letter list.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Worker } from '@temporalio/worker';
import { afterAll, describe, expect, it } from 'vitest';
import { fileOutbox } from '../../activities/notification';
import { IDEMPOTENCY_HEADER, SIGNATURE_HEADER, verifyWebhookSignature, webhookSender, withWebhooks, type WebhookReceiver } from '../../activities/webhook-sender';
import { fileCaseEventSink } from '../../activities/case-event-sink';
import { openCaseWorkflow } from '../../client/open-case';
import { loadBundleFile } from '../../sources/load-sources';
import { advanceToNowUpdate } from '../../workflows/case-messages';
import { environmentForSuite, temporaryActivityDependencies, terminateWhenIdle, testWorker, uniqueTaskQueue } from '../support/temporal';

const DAY = 86_400_000;
const SECRET = 'test-secret-0123456789abcdef0123456789';

interface Received {
  id: string;
  attempt: number;
}

/** A receiver that follows the verification recipe; `answer` decides each reply from the id's try count. */
async function receiver(answer: (tries: number) => 'fail' | 'process-then-lose-ack' | 'ok') {
  const tries = new Map<string, number>();
  const processed = new Set<string>();
  const received: Received[] = [];
  let badSignatures = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const header = req.headers[SIGNATURE_HEADER];
      if (!verifyWebhookSignature({ secret: SECRET, header: typeof header === 'string' ? header : undefined, body }).ok) {
        badSignatures++;
        res.writeHead(401).end();
        return;
      }
      const id = String(req.headers[IDEMPOTENCY_HEADER]);
      expect((JSON.parse(body) as { id: string }).id).toBe(id);
      const n = (tries.get(id) ?? 0) + 1;
      tries.set(id, n);
      received.push({ id, attempt: Number(req.headers['sopflow-delivery-attempt']) });
      const what = answer(n);
      if (what === 'fail') return void res.writeHead(503).end();
      // Dedupe on the idempotency id: a repeat is acknowledged, not acted on again.
      processed.add(id);
      res.writeHead(what === 'ok' ? 200 : 500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return { url, tries, processed, received, badSignatures: () => badSignatures, close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function until(what: string, done: () => boolean | Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('outbound webhooks', () => {
  const env = environmentForSuite('dev');
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of closers) await close();
  });

  it('each notification is acted on once per idempotency id across retries, a lost ack and a worker restart; a dead receiver is dead-lettered', async () => {
    // Tries 1–2 fail, try 3 is acted on but its acknowledgement is lost (500), try 4 is a duplicate, acknowledged.
    const flaky = await receiver((tries) => (tries <= 2 ? 'fail' : tries === 3 ? 'process-then-lose-ack' : 'ok'));
    const dead = await receiver(() => 'fail');
    closers.push(flaky.close, dead.close);
    const receivers: WebhookReceiver[] = [
      { id: 'punjab-cfms', province: 'punjab', url: flaky.url, secret: SECRET },
      { id: 'punjab-down', province: 'punjab', url: dead.url, secret: SECRET },
    ];
    const { dataDir } = temporaryActivityDependencies();
    // Each worker process builds its own sender (as a restarted sopflow would) over the same data directory.
    const dependencies = () => {
      const outbox = fileOutbox(`${dataDir}/outbox/notifications`);
      return { outbox, deps: { notifications: withWebhooks(outbox, webhookSender({ receivers, dataDir, maxAttempts: 4 })), caseEvents: fileCaseEventSink(`${dataDir}/case-events`) } };
    };
    const taskQueue = uniqueTaskQueue('webhooks');
    const first = dependencies();
    let worker: Worker = await testWorker(env(), taskQueue, first.deps);
    let running = worker.run();

    const now = Date.now();
    const bundle = loadBundleFile('sop-definitions/punjab/punjab-2026.1.yaml');
    const facts = { province: 'punjab', district: 'lahore', policeStation: 'gulberg', fir: { number: `w${now % 100000}`, year: 2026 }, offence: { class: 'theft' }, accused: { inCustody: true } } as const;
    // The interim report (s.173) is overdue on arrival, so a task opens and its role is notified.
    const { caseId, handle } = await openCaseWorkflow(env().client, { bundle, facts, firAt: now - 20 * DAY, taskQueue });
    await handle.executeUpdate(advanceToNowUpdate);

    // Restart the worker right after a try that was acted on but not acknowledged.
    await until('a processed but unacknowledged delivery', () => [...flaky.tries.values()].some((t) => t >= 3));
    worker.shutdown();
    await running;
    const second = dependencies();
    worker = await testWorker(env(), taskQueue, second.deps);
    running = worker.run();

    const mine = async () => (await second.outbox.store.list()).filter((n) => n.record.caseId === caseId).map((n) => n.id);
    await until('every notification acknowledged and dead-lettered', async () => {
      const ids = await mine();
      const acked = ids.filter((id) => (flaky.tries.get(id) ?? 0) >= 4);
      const deadLettered = (await webhookSender({ receivers, dataDir }).deadLetters.list()).filter((d) => ids.includes(d.record.notification.id));
      return ids.length > 0 && acked.length === ids.length && deadLettered.length === ids.length;
    });
    worker.shutdown();
    await running;

    const ids = await mine();
    expect(ids.length).toBeGreaterThan(0);
    expect(flaky.badSignatures() + dead.badSignatures()).toBe(0);
    // Every notification reached the receiver, and under one id each: deduping on it, the receiver acted once each.
    expect([...flaky.processed].sort()).toEqual([...ids].sort());
    for (const id of ids) {
      // Four deliveries (two failures, the lost ack, the acknowledged repeat), none after the acknowledgement.
      expect(flaky.tries.get(id)).toBe(4);
      expect(flaky.received.filter((r) => r.id === id).map((r) => r.attempt)).toEqual([1, 2, 3, 4]);
      expect(dead.tries.get(id)).toBe(4);
    }
    const sender = webhookSender({ receivers, dataDir });
    const deadLetters = (await sender.deadLetters.list()).map((d) => d.record).filter((d) => ids.includes(d.notification.id));
    expect(deadLetters.map((d) => d.receiverId)).toEqual(ids.map(() => 'punjab-down'));
    expect(deadLetters.every((d) => d.attempts === 4 && d.lastError === 'HTTP 503' && d.notification.caseId === caseId)).toBe(true);
    const delivered = (await sender.delivered.list()).map((d) => d.record).filter((d) => ids.includes(d.notificationId));
    expect(delivered.map((d) => [d.receiverId, d.attempt])).toEqual(ids.map(() => ['punjab-cfms', 4]));

    // Nothing more arrives: the activity completed, the outbox holds each notification once.
    const total = flaky.received.length + dead.received.length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(flaky.received.length + dead.received.length).toBe(total);

    const cleanup = await testWorker(env(), taskQueue, second.deps);
    const cleaning = cleanup.run();
    await terminateWhenIdle(env(), caseId);
    cleanup.shutdown();
    await cleaning;
  }, 150_000);
});
