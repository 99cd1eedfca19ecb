// The codec server for Temporal's Web UI: a case's payloads, as the dev server stores them, carry their
// jurisdiction in clear; the codec decrypts them for a Lahore caller, refuses a Multan one (learning nothing),
// audits both, answers loopback only by default, and keeps payloads without the entry decodable by the codec.
import type { Payload } from '@temporalio/common';
import { defaultPayloadConverter } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseWorkflow } from '../../client/open-case';
import { JURISDICTION_METADATA, PayloadEncryptionCodec, payloadJurisdiction } from '../../security/payload-encryption-codec';
import { loadBundleFile } from '../../sources/load-sources';
import { terminateWhenIdle, workerForSuite } from '../support/temporal';
import { testPayloadKeyring } from '../support/test-payload-key';
import { apiHarness, PEOPLE, type Harness } from './api-harness';

const codec = new PayloadEncryptionCodec(testPayloadKeyring);
const toJson = (p: Payload) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});
const multanDdpp = { sub: 'u-multan-ddpp', roles: ['ddpp'], province: 'punjab', district: 'multan' };

describe('codec server', () => {
  const suite = workerForSuite('dev', 'codec');
  let h: Harness;
  let stored: Payload;
  let caseId: string;
  const facts = { province: 'punjab', district: 'lahore', policeStation: 'gulberg', fir: { number: `c${Date.now() % 100000}`, year: 2026 }, offence: { class: 'theft' } } as const;

  beforeAll(async () => {
    h = await apiHarness({ deps: { codec: { codec } } });
    const bundle = loadBundleFile('sop-definitions/punjab/punjab-2026.1.yaml');
    const opened = await openCaseWorkflow(suite.env().client, { bundle, facts, firAt: Date.now() - 86_400_000, taskQueue: suite.taskQueue });
    caseId = opened.caseId;
    // The case's input as the Temporal server holds it: what the Web UI would send to the codec.
    const history = await opened.handle.fetchHistory();
    stored = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0] as Payload;
  });
  afterAll(async () => {
    await terminateWhenIdle(suite.env(), caseId);
    await h.close();
  });

  const decode = async (claims: object, payloads: Payload[], remoteAddress?: string) =>
    h.app.inject({
      method: 'POST',
      url: '/codec/decode',
      headers: { authorization: `Bearer ${await h.token(claims)}`, 'x-namespace': 'default', origin: 'http://127.0.0.1:8233' },
      payload: { payloads: payloads.map(toJson) },
      ...(remoteAddress ? { remoteAddress } : {}),
    });

  it('a stored case payload carries its clear, non-personal jurisdiction (from the workflow id)', () => {
    expect(Buffer.from(stored.metadata![JURISDICTION_METADATA]!).toString()).toBe('punjab/lahore/gulberg');
    expect(payloadJurisdiction(stored)).toEqual({ province: 'punjab', district: 'lahore', policeStation: 'gulberg' });
    expect(Buffer.from(stored.data!).includes('gulberg')).toBe(false); // the facts themselves stay sealed
  });

  it('decodes for a Lahore caller, refuses a Multan one, and audits both', async () => {
    const allowed = await decode(PEOPLE.lahoreDdpp, [stored]);
    expect(allowed.statusCode).toBe(200);
    expect(allowed.headers['access-control-allow-origin']).toBe('http://127.0.0.1:8233');
    const [opened] = allowed.json<{ payloads: { metadata: Record<string, string>; data: string }[] }>().payloads;
    const payload = { metadata: Object.fromEntries(Object.entries(opened!.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])), data: Buffer.from(opened!.data, 'base64') };
    expect(defaultPayloadConverter.fromPayload<{ facts: { policeStation: string; fir: { number: string } } }>(payload).facts).toMatchObject({ policeStation: 'gulberg', fir: { number: facts.fir.number } });

    const refused = await decode(multanDdpp, [stored]);
    expect(refused.statusCode).toBe(404);
    expect(refused.body).not.toContain(facts.fir.number);

    const entries = await h.audit.query({ action: 'codec.decode', limit: 100 });
    expect(entries.map((e) => [e.subject, e.outcome, e.status])).toEqual([
      ['u-lahore-ddpp', 'ok', 200],
      ['u-multan-ddpp', 'refused', 404],
    ]);
    expect(entries[1]!.jurisdiction).toEqual({ province: 'punjab', district: 'multan' });
  });

  it('refuses a caller from another machine, a wrong role, no token, and a relabelled payload', async () => {
    const remote = await decode(PEOPLE.lahoreDdpp, [stored], '10.1.2.3');
    expect(remote.statusCode).toBe(403);
    expect(remote.json()).toMatchObject({ code: 'codec-loopback-only' });
    expect((await decode(PEOPLE.punjabAuthor, [stored])).statusCode).toBe(403);
    const anonymous = await h.app.inject({ method: 'POST', url: '/codec/decode', payload: { payloads: [toJson(stored)] } });
    expect(anonymous.statusCode).toBe(401);
    // Relabelled to Multan: the Multan caller passes the jurisdiction check, but the seal refuses the label.
    const relabelled = { ...stored, metadata: { ...stored.metadata, [JURISDICTION_METADATA]: Buffer.from('punjab/multan/cantt') } };
    const forged = await decode(multanDdpp, [relabelled]);
    expect(forged.statusCode).toBe(400);
    expect(forged.json()).toMatchObject({ code: 'payload-not-decodable' });
  });

  it('answers the browser preflight with x-namespace allowed, for a loopback origin only', async () => {
    const preflight = await h.app.inject({ method: 'OPTIONS', url: '/codec/decode', headers: { origin: 'http://localhost:8233', 'access-control-request-headers': 'x-namespace,content-type' } });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-headers']).toContain('x-namespace');
    const foreign = await h.app.inject({ method: 'OPTIONS', url: '/codec/decode', headers: { origin: 'https://evil.example' } });
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('encodes for the caller’s jurisdiction; a payload without the entry still opens with the codec, but not through the codec server', async () => {
    const plain = defaultPayloadConverter.toPayload({ note: 'x' });
    const encoded = await h.app.inject({ method: 'POST', url: '/codec/encode', headers: { authorization: `Bearer ${await h.token(PEOPLE.lahoreSho)}` }, payload: { payloads: [toJson(plain)] } });
    expect(encoded.statusCode).toBe(200);
    const [sealed] = encoded.json<{ payloads: { metadata: Record<string, string> }[] }>().payloads;
    expect(Buffer.from(sealed!.metadata[JURISDICTION_METADATA]!, 'base64').toString()).toBe('punjab/lahore/model-town');

    const [legacy] = await codec.encode([plain]); // no context: as payloads written before the entry existed
    expect(legacy!.metadata![JURISDICTION_METADATA]).toBeUndefined();
    expect(defaultPayloadConverter.fromPayload((await codec.decode([legacy!]))[0]!)).toEqual({ note: 'x' });
    expect((await decode(PEOPLE.lahoreDdpp, [legacy!])).statusCode).toBe(404);
  });
});
