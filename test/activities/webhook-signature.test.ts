// The webhook signature recipe: a receiver accepts a fresh, untampered body, and refuses a stale, altered or
// wrongly keyed one; the receivers file is checked with a one-line error naming the field and never the secret.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWebhookReceivers, signWebhook, verifyWebhookSignature } from '../../activities/webhook-sender';

const secret = 'a-receiver-secret-of-at-least-32-chars';
const body = JSON.stringify({ id: 'n-1', kind: 'task-opened' });

describe('webhook signatures', () => {
  const t = 1_780_000_000;
  const header = signWebhook(secret, t, body);

  it('accepts the signed body within the replay window', () => {
    expect(header).toMatch(/^t=1780000000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature({ secret, header, body, nowSeconds: t + 299 })).toEqual({ ok: true });
  });

  it('refuses a replay outside the window, an altered body, another secret and a malformed header', () => {
    expect(verifyWebhookSignature({ secret, header, body, nowSeconds: t + 301 })).toEqual({ ok: false, reason: 'stale' });
    expect(verifyWebhookSignature({ secret, header, body: body.replace('n-1', 'n-2'), nowSeconds: t })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyWebhookSignature({ secret: `${secret}x`, header, body, nowSeconds: t })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyWebhookSignature({ secret, header: 'v1=abc', body, nowSeconds: t })).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyWebhookSignature({ secret, header: undefined, body, nowSeconds: t })).toEqual({ ok: false, reason: 'malformed' });
  });

  it('a receivers file with a short secret names the field, not the value', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-hooks-')), 'receivers.json');
    fs.writeFileSync(file, JSON.stringify({ receivers: [{ id: 'punjab-cfms', province: 'punjab', url: 'https://cfms.example/hooks', secret: 'short-secret' }] }));
    expect(() => loadWebhookReceivers(file)).toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: receivers\\.0\\.secret: must be at least 32 characters$`));
    expect(() => loadWebhookReceivers(file)).not.toThrow(/short-secret/);
    fs.writeFileSync(file, JSON.stringify({ receivers: [{ id: 'punjab-cfms', province: 'punjab', url: 'https://cfms.example/hooks', secret }] }));
    expect(loadWebhookReceivers(file)).toHaveLength(1);
  });
});
