// Outbound webhooks: delivers task and case notifications to the source systems registered for the notice's
// province, signed with HMAC-SHA256. Temporal's activity retry is the retry loop (the case workflow's policy
// backs off 1 s → 5 min): a failed delivery throws, so the activity is retried, until `maxAttempts`, when it is
// recorded in the dead-letter store and the case moves on. Delivery is at least once; the notification id is the
// idempotency id a receiver dedupes on (a lost acknowledgement is re-sent with the same id).
//
// Verification recipe for a receiver (see verifyWebhookSignature, which implements it):
//   1. read the raw body bytes and the `sopflow-signature` header, `t=<unix seconds>,v1=<hex>`;
//   2. refuse if |now − t| > 300 s (replay window);
//   3. compute HMAC-SHA256(secret, `${t}.${rawBody}`) as hex, compare with v1 in constant time, and refuse a v1
//      already accepted within the window (WebhookReplayGuard): each delivery attempt is signed afresh, so only a
//      captured request sent again repeats a signature;
//   4. dedupe on the `idempotency-key` header (= body.id = the notification id): answer 2xx to a repeat without
//      acting on it again. Any non-2xx answer (or no answer in 5 s) is retried.
import { createHmac, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Context } from '@temporalio/activity';
import { z } from 'zod';
import { provinceId } from '../rules/schema/common';
import type { Notification, NotificationSender } from './notification';
import { notificationText } from './notification-text';
import { OnceFileStore } from './once-file-store';

export const SIGNATURE_HEADER = 'sopflow-signature';
export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const ATTEMPT_HEADER = 'sopflow-delivery-attempt';
export const REPLAY_WINDOW_SECONDS = 300;
export const RECEIVERS_FILE = path.join('webhooks', 'receivers.json');

export const webhookReceiver = z
  .object({
    /** Stable id of the receiving system, e.g. `punjab-cfms`; names it in dead letters and logs. */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and -'),
    province: provinceId,
    url: z.url({ protocol: /^https?$/ }),
    /** Shared HMAC secret, at least 32 characters (e.g. `openssl rand -hex 32`). */
    secret: z.string().min(32, 'must be at least 32 characters'),
    /** The language the receiving office reads its notifications in. */
    language: z.enum(['en', 'ur']).default('en'),
  })
  .strict();
/** As written in receivers.json: a receiver that names no language reads English. */
export type WebhookReceiver = z.input<typeof webhookReceiver>;
const receiversFile = z
  .object({ receivers: z.array(webhookReceiver) })
  .strict()
  .refine((f) => new Set(f.receivers.map((r) => r.id)).size === f.receivers.length, { message: 'receiver ids must be unique', path: ['receivers'] });

/** Reads `<file>`; a bad entry is a one-line error naming the file and the field. */
export function loadWebhookReceivers(file: string): WebhookReceiver[] {
  let content: unknown;
  try {
    content = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : 'not readable JSON'}`);
  }
  const parsed = receiversFile.safeParse(content);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    // The message only: never the value, which may be a secret.
    throw new Error(`${file}: ${issue.path.join('.') || 'file'}: ${issue.message}`);
  }
  return parsed.data.receivers;
}

export function signWebhook(secret: string, timestampSeconds: number, body: string): string {
  return `t=${timestampSeconds},v1=${createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex')}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'malformed' | 'stale' | 'mismatch' | 'replayed' };

/**
 * The signatures a receiver has accepted within the replay window: a captured request sent again inside the window
 * carries a valid signature and a fresh-enough timestamp, so only remembering it refuses it. Entries older than
 * the window are dropped (the timestamp check refuses those anyway).
 */
export class WebhookReplayGuard {
  private seen = new Map<string, number>();

  constructor(readonly windowSeconds = REPLAY_WINDOW_SECONDS) {}

  /** True the first time a signature is offered within the window. */
  firstSight(signature: string, timestampSeconds: number, nowSeconds: number): boolean {
    for (const [sig, t] of this.seen) if (t < nowSeconds - this.windowSeconds) this.seen.delete(sig);
    if (this.seen.has(signature)) return false;
    this.seen.set(signature, timestampSeconds);
    return true;
  }
}

export function verifyWebhookSignature(input: {
  secret: string;
  header: string | undefined;
  body: string;
  nowSeconds?: number;
  toleranceSeconds?: number;
  /** Refuses a signature seen before (step 4 of the recipe); without it only the time window limits replays. */
  replays?: WebhookReplayGuard;
}): SignatureCheck {
  const match = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(input.header ?? '');
  if (!match) return { ok: false, reason: 'malformed' };
  const t = Number(match[1]);
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - t) > (input.toleranceSeconds ?? REPLAY_WINDOW_SECONDS)) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(signWebhook(input.secret, t, input.body).slice(`t=${t},v1=`.length), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(match[2]!, 'hex'))) return { ok: false, reason: 'mismatch' };
  // Remembered only once the signature is proven: a forger cannot fill the guard with signatures of their own.
  if (input.replays && !input.replays.firstSight(match[2]!, t, now)) return { ok: false, reason: 'replayed' };
  return { ok: true };
}

export interface DeadLetter {
  receiverId: string;
  notification: Notification;
  attempts: number;
  /** e.g. `HTTP 503` or `timeout`: never the receiver's body, which we do not control. */
  lastError: string;
  at: string;
}

export interface Delivery {
  receiverId: string;
  notificationId: string;
  attempt: number;
  at: string;
}

export interface WebhookSenderOptions {
  receivers: readonly WebhookReceiver[];
  /** Holds `webhooks/delivered` and `webhooks/dead-letter`. */
  dataDir: string;
  /** The activity attempt at which a still-failing delivery is dead-lettered instead of retried. */
  maxAttempts?: number;
  timeoutMs?: number;
  now?: () => Date;
  /** The current attempt; default: the running activity's (1 outside an activity). */
  attempt?: () => number;
}

export type WebhookSender = NotificationSender & { deadLetters: OnceFileStore<DeadLetter>; delivered: OnceFileStore<Delivery> };

function activityAttempt(): number {
  try {
    return Context.current().info.attempt;
  } catch {
    return 1;
  }
}

export class WebhookDeliveryError extends Error {
  override readonly name = 'WebhookDeliveryError';
}

export function webhookSender(options: WebhookSenderOptions): WebhookSender {
  const delivered = new OnceFileStore<Delivery>(path.join(options.dataDir, 'webhooks', 'delivered'));
  const deadLetters = new OnceFileStore<DeadLetter>(path.join(options.dataDir, 'webhooks', 'dead-letter'));
  const maxAttempts = options.maxAttempts ?? 10;
  const now = options.now ?? (() => new Date());
  const attemptOf = options.attempt ?? activityAttempt;

  async function post(receiver: WebhookReceiver, n: Notification, attempt: number): Promise<string | null> {
    const body = JSON.stringify({ id: n.id, kind: n.kind, language: receiver.language ?? 'en', notification: { ...n, text: notificationText(n, receiver.language ?? 'en') } });
    try {
      const response = await fetch(receiver.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [IDEMPOTENCY_HEADER]: n.id,
          [ATTEMPT_HEADER]: String(attempt),
          [SIGNATURE_HEADER]: signWebhook(receiver.secret, Math.floor(now().getTime() / 1000), body),
        },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
        redirect: 'error',
      });
      await response.body?.cancel();
      return response.ok ? null : `HTTP ${response.status}`;
    } catch (err) {
      return (err as Error).name === 'TimeoutError' ? 'timeout' : 'unreachable';
    }
  }

  return {
    delivered,
    deadLetters,
    async send(n) {
      const attempt = attemptOf();
      const failures: string[] = [];
      let sent = false;
      for (const receiver of options.receivers.filter((r) => r.province === n.to.province)) {
        // One record per receiver and notification: a retry after a partial failure re-sends only what failed.
        const key = `${receiver.id}\n${n.id}`;
        if ((await delivered.has(key)) || (await deadLetters.has(key))) continue;
        const error = await post(receiver, n, attempt);
        if (error === null) {
          await delivered.put(key, { receiverId: receiver.id, notificationId: n.id, attempt, at: now().toISOString() });
          sent = true;
        } else if (attempt >= maxAttempts) {
          await deadLetters.put(key, { receiverId: receiver.id, notification: n, attempts: attempt, lastError: error, at: now().toISOString() });
        } else failures.push(`${receiver.id}: ${error}`);
      }
      // Thrown after trying every receiver, so one down system does not hold back the others' first try.
      if (failures.length > 0) throw new WebhookDeliveryError(`webhook delivery attempt ${attempt} of ${maxAttempts} failed (${failures.join('; ')}); Temporal retries it`);
      return sent ? 'sent' : 'already-sent';
    },
  };
}

/** The outbox stays the record; webhooks deliver beside it. `sent` is the outbox's answer (idempotent by id). */
export function withWebhooks<S extends NotificationSender>(outbox: S, webhooks: NotificationSender): S {
  return {
    ...outbox,
    async send(n: Notification) {
      const result = await outbox.send(n);
      await webhooks.send(n);
      return result;
    },
  };
}
