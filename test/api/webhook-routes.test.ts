// The webhook administration routes and the OpenAPI document with the codec, webhook and simulation routes
// mounted: the document still validates; an auditor sees their own province's receivers (never a secret) and
// dead letters only; other roles are refused.
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeadLetter, WebhookReceiver } from '../../activities/webhook-sender';
import type { Notification } from '../../activities/notification';
import { PayloadEncryptionCodec } from '../../security/payload-encryption-codec';
import { apiHarness, PEOPLE, sopCatalogue, type Harness } from './api-harness';
import { testPayloadKeyring } from '../support/test-payload-key';

const SECRET = 'a-webhook-secret-that-must-never-leave-00';
const receivers: WebhookReceiver[] = [
  { id: 'punjab-cfms', province: 'punjab', url: 'https://cfms.punjab.example/hooks', secret: SECRET },
  { id: 'sindh-cmms', province: 'sindh', url: 'https://cmms.sindh.example/hooks', secret: SECRET },
];
const notice = (id: string, province: string): Notification => ({
  id,
  kind: 'task-opened',
  to: { role: 'sho', province, district: 'd', policeStation: 's' },
  caseId: `case/${province}/d/s/1-2026`,
  taskId: `case/${province}/d/s/1-2026/task/t`,
  level: 0,
  slaDueAt: null,
  text: 'interim-report breached',
});
const deadLetters: DeadLetter[] = [
  { receiverId: 'punjab-cfms', notification: notice('n-punjab', 'punjab'), attempts: 10, lastError: 'HTTP 503', at: '2026-05-01T00:00:00.000Z' },
  { receiverId: 'sindh-cmms', notification: notice('n-sindh', 'sindh'), attempts: 10, lastError: 'timeout', at: '2026-05-01T00:00:00.000Z' },
];

let h: Harness;
beforeAll(async () => {
  h = await apiHarness({
    deps: {
      codec: { codec: new PayloadEncryptionCodec(testPayloadKeyring) },
      webhooks: { receivers, deadLetters: () => Promise.resolve(deadLetters) },
      simulations: { jobs: { start: () => Promise.reject(new Error('unused')), get: () => Promise.resolve(undefined), report: () => Promise.resolve(undefined) }, catalogue: sopCatalogue() },
    },
  });
});
afterAll(() => h.close());

const get = async (url: string, claims: object) => h.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${await h.token(claims)}` } });

describe('webhook routes', () => {
  it('the OpenAPI document with every route mounted validates', async () => {
    const doc = (await h.app.inject('/openapi.json')).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/codec/decode', '/codec/encode', '/webhooks/receivers', '/webhooks/dead-letters', '/simulations', '/simulations/{jobId}', '/simulations/{jobId}/report.json']));
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });

  it('an auditor sees their province’s receivers without secrets, and its dead letters only', async () => {
    const list = await get('/webhooks/receivers', PEOPLE.punjabAuditor);
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual({ receivers: [{ id: 'punjab-cfms', province: 'punjab', url: 'https://cfms.punjab.example/hooks' }] });
    expect(list.body).not.toContain(SECRET);
    const dead = await get('/webhooks/dead-letters', PEOPLE.punjabAuditor);
    expect(dead.json<{ deadLetters: { notificationId: string; lastError: string }[] }>().deadLetters.map((d) => [d.notificationId, d.lastError])).toEqual([['n-punjab', 'HTTP 503']]);
    expect((await h.audit.query({ action: 'webhooks.dead-letters', limit: 5 })).map((e) => e.outcome)).toEqual(['ok']);
  });

  it('other roles and anonymous callers are refused', async () => {
    expect((await get('/webhooks/dead-letters', PEOPLE.lahoreSho)).statusCode).toBe(403);
    expect((await get('/webhooks/receivers', PEOPLE.punjabPg)).statusCode).toBe(403);
    expect((await h.app.inject('/webhooks/receivers')).statusCode).toBe(401);
    expect((await get('/simulations/00000000-0000-4000-8000-000000000000', { sub: 'a', roles: ['policy_analyst'], province: 'punjab' })).statusCode).toBe(404);
  });
});
