// The codec server for Temporal's Web UI (`temporal server start-dev --ui-codec-endpoint <api>/codec`, or the
// standalone UI with `codec.passAccessToken: true`): POST /codec/decode and /codec/encode with proto-JSON payloads
// (`{ payloads: [{ metadata: { k: base64 }, data: base64 }] }`, as temporalio/samples-typescript's codec server),
// CORS allowing `x-namespace`. It decrypts only for a signed-in caller who may read the case the payload's clear
// jurisdiction entry names, audits every decode, and by default answers loopback callers only: the dev UI has no
// login of its own, so the codec must not be reachable from elsewhere unless a deployment says so.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import type { Payload } from '@temporalio/common';
import { z } from 'zod';
import { ENCRYPTED_ENCODING, payloadJurisdiction, type PayloadEncryptionCodec } from '../../security/payload-encryption-codec';
import type { AuditSink } from '../audit/audit-sink';
import { mayAct, type Decision } from '../auth/authorisation';
import { callerOf } from '../auth/authentication';
import type { Caller, Jurisdiction } from '../auth/caller';
import { ApiProblem, problemResponses } from '../problem';

export interface CodecRouteOptions {
  codec: PayloadEncryptionCodec;
  audit: AuditSink;
  now: () => Date;
  /** Answer callers that are not on this machine (only behind a UI that signs users in). Default false. */
  allowRemote?: boolean;
  /** Origins of the Web UI allowed by CORS; default: any http origin on loopback (the dev server's UI). */
  allowedOrigins?: readonly string[];
}

const base64 = z.string().max(4 * 1024 * 1024).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');
const jsonPayload = z.object({ metadata: z.record(z.string().max(200), base64).optional(), data: base64.optional() }).strict().meta({ id: 'CodecPayload' });
const codecBody = z.object({ payloads: z.array(jsonPayload).max(1000) }).meta({ id: 'CodecPayloads' });
type JsonPayload = z.infer<typeof jsonPayload>;

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});
const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const LOOPBACK_ORIGIN = /^http:\/\/(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?$/;
const isEncrypted = (p: Payload): boolean => Buffer.from(p.metadata?.encoding ?? new Uint8Array()).toString('utf8') === ENCRYPTED_ENCODING;
const noJurisdiction: Decision = { ok: false, status: 404, code: 'not-found', detail: 'no such resource' };

export const codecRoutes: FastifyPluginCallbackZod<CodecRouteOptions> = (app, options, done) => {
  const originAllowed = (origin: string | undefined): origin is string =>
    origin !== undefined && (options.allowedOrigins ? options.allowedOrigins.includes(origin) : LOOPBACK_ORIGIN.test(origin));

  const cors = (request: FastifyRequest, reply: FastifyReply): void => {
    const origin = request.headers.origin;
    if (!originAllowed(origin)) return;
    void reply.header('access-control-allow-origin', origin);
    void reply.header('access-control-allow-credentials', 'true');
    void reply.header('vary', 'origin');
  };

  const loopbackOnly = (request: FastifyRequest): void => {
    if (!options.allowRemote && !LOOPBACK.has(request.socket.remoteAddress ?? '')) {
      throw new ApiProblem(403, 'codec-loopback-only', 'the codec server answers callers on this machine only (set it to allow remote callers behind a signed-in UI)');
    }
  };

  const record = async (request: FastifyRequest, caller: Caller, action: string, outcome: 'ok' | 'refused', status: number): Promise<void> =>
    options.audit.append({
      at: options.now().toISOString(),
      subject: caller.subject,
      kind: caller.kind,
      roles: caller.roles,
      jurisdiction: caller.jurisdiction,
      action,
      outcome,
      status,
      requestId: request.id,
    });

  for (const path of ['/codec/decode', '/codec/encode']) {
    // The browser's preflight carries no token: it is answered for allowed origins, and grants nothing by itself.
    app.options(path, { config: { public: true }, schema: { hide: true } }, (request, reply) => {
      cors(request, reply);
      if (originAllowed(request.headers.origin)) {
        void reply.header('access-control-allow-methods', 'POST');
        void reply.header('access-control-allow-headers', 'x-namespace, content-type, authorization');
        void reply.header('access-control-max-age', '600');
      }
      return reply.status(204).send();
    });
  }

  const schema = (summary: string) => ({
    security: [{ bearer: [] }],
    tags: ['codec'],
    summary,
    body: codecBody,
    response: { 200: codecBody, ...problemResponses(400, 401, 403, 404) },
  });

  app.post('/codec/decode', { schema: schema('Decrypt payloads for the Web UI (your jurisdiction only; audited)') }, async (request, reply) => {
    cors(request, reply);
    loopbackOnly(request);
    const caller = callerOf(request);
    const payloads = request.body.payloads.map(fromJson);
    // Every encrypted payload must name a jurisdiction the caller may read, else nothing is decrypted: the answer
    // is the same "not found" as for another jurisdiction's case, whether or not the payload is real.
    for (const p of payloads.filter(isEncrypted)) {
      const where = payloadJurisdiction(p);
      const decision = where ? mayAct(caller, { kind: 'case.read', case: where as Jurisdiction }) : noJurisdiction;
      if (!decision.ok) {
        await record(request, caller, 'codec.decode', 'refused', decision.status);
        throw new ApiProblem(decision.status, decision.code, decision.detail);
      }
    }
    let decoded: Payload[];
    try {
      decoded = await options.codec.decode(payloads);
    } catch {
      await record(request, caller, 'codec.decode', 'refused', 400);
      throw new ApiProblem(400, 'payload-not-decodable', 'a payload could not be opened with the configured keys (altered, or another key)');
    }
    await record(request, caller, 'codec.decode', 'ok', 200);
    return { payloads: decoded.map(toJson) };
  });

  app.post('/codec/encode', { schema: schema('Encrypt payloads the Web UI sends (tagged with your jurisdiction)') }, async (request, reply) => {
    cors(request, reply);
    loopbackOnly(request);
    const caller = callerOf(request);
    const decision = mayAct(caller, { kind: 'case.event', case: caller.jurisdiction });
    if (!decision.ok) {
      await record(request, caller, 'codec.encode', 'refused', decision.status);
      throw new ApiProblem(decision.status, decision.code, decision.detail);
    }
    const encoded = await options.codec.encodeFor(request.body.payloads.map(fromJson), caller.jurisdiction);
    await record(request, caller, 'codec.encode', 'ok', 200);
    return { payloads: encoded.map(toJson) };
  });
  done();
};
