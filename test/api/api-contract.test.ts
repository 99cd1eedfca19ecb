// The API's contract: the OpenAPI 3.1 document validates, errors are problem+json with a stable code and the
// field path, responses are stripped to their schema, and body limits, rate limits and security headers hold.
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiHarness, PEOPLE, type Harness } from './api-harness';

let h: Harness;
beforeAll(async () => {
  h = await apiHarness({ rateLimit: { max: 1000, timeWindowMs: 60_000 }, bodyLimit: 2048 });
});
afterAll(() => h.close());

describe('OpenAPI', () => {
  it('serves a valid OpenAPI 3.1 document naming every route, without a token', async () => {
    const res = await h.app.inject('/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/sop-packs/{province}', '/sop-packs/{province}/{version}', '/sop-packs/{province}/diff', '/sop-packs/{province}/{version}/stage-graph', '/cases', '/cases/{caseId}', '/audit']));
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });

  it('serves Swagger UI and its assets from the package at /docs', async () => {
    const page = await h.app.inject('/docs/');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('swagger-ui');
    const asset = await h.app.inject('/docs/static/swagger-ui-bundle.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.body.length).toBeGreaterThan(100_000);
  });
});

describe('problem+json errors', () => {
  it('names the field path and what would be valid for a bad parameter', async () => {
    const res = await h.app.inject({ url: '/sop-packs/atlantis', headers: { authorization: `Bearer ${await h.token(PEOPLE.lahoreSho)}` } });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json<{ code: string; status: number; fields: { path: string; message: string }[] }>();
    expect(body.code).toBe('invalid-request');
    expect(body.status).toBe(400);
    expect(body.fields[0]!.path).toBe('params.province');
    expect(body.fields[0]!.message).toMatch(/punjab/);
  });

  it('a missing token is a 401 problem with a WWW-Authenticate challenge', async () => {
    const res = await h.app.inject('/sop-packs/punjab');
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.json()).toMatchObject({ code: 'token-missing', status: 401, type: 'urn:sopflow:problem:token-missing' });
  });

  it('an unknown path is a 404 problem', async () => {
    const res = await h.app.inject('/nowhere');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'not-found' });
  });

  it('a body over the limit is a 413 problem (after the token: an anonymous body is not even read)', async () => {
    const payload = JSON.stringify({ pad: 'x'.repeat(4096) });
    const anonymous = await h.app.inject({ method: 'POST', url: '/cases', headers: { 'content-type': 'application/json' }, payload });
    expect(anonymous.statusCode).toBe(401);
    const res = await h.app.inject({ method: 'POST', url: '/cases', headers: { 'content-type': 'application/json', authorization: `Bearer ${await h.token(PEOPLE.lahoreSho)}` }, payload });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'body-too-large' });
  });
});

describe('responses are their schema and nothing more', () => {
  it('strips a field the port returned outside the contract', async () => {
    const res = await h.app.inject({ url: `/cases/${encodeURIComponent('case/punjab/lahore/model-town/101-2026')}`, headers: { authorization: `Bearer ${await h.token(PEOPLE.lahoreSho)}` } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ caseId: 'case/punjab/lahore/model-town/101-2026', stage: { id: 'investigation' } });
    expect(res.body).not.toContain('Not For Export');
  });
});

describe('headers and limits', () => {
  it('sends security headers', async () => {
    const res = await h.app.inject('/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['strict-transport-security']).toBeDefined();
  });

  it('rate-limits with a 429 problem', async () => {
    const limited = await apiHarness({ rateLimit: { max: 2, timeWindowMs: 60_000 } });
    try {
      const codes = [];
      for (let i = 0; i < 3; i++) codes.push((await limited.app.inject('/health')).statusCode);
      expect(codes).toEqual([200, 200, 429]);
      const res = await limited.app.inject('/health');
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ code: 'rate-limited', status: 429 });
    } finally {
      await limited.close();
    }
  });
});
