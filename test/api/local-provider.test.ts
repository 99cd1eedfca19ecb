// The embedded, local-only OpenID provider: over real HTTP, a demo person signs in (code + PKCE, demo password)
// and a source system gets a client-credentials token; the API on a real port accepts both with the directory's
// roles and jurisdiction, and its keys persist in the data dir.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../api/build-api';
import { JsonLinesAuditSink } from '../../api/audit/audit-sink';
import { createTokenVerifier } from '../../api/auth/token-verifier';
import { startLocalProvider, type LocalProvider } from '../../api/oidc/local-provider';
import { freePort } from '../../local-temporal/free-port';
import { fakeCasesPort, fakeTasksPort, sopCatalogue } from './api-harness';
import { authorizationCodeToken, clientCredentialsToken, localProviderFlow } from './oidc-tokens';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-oidc-'));
const REDIRECT = 'http://127.0.0.1:1/callback';
let provider: LocalProvider;
let api: Awaited<ReturnType<typeof buildApi>>;
let apiUrl = '';

beforeAll(async () => {
  provider = await startLocalProvider({ dataDir, port: await freePort(), audience: 'sopflow-api', redirectUris: [REDIRECT] });
  api = await buildApi({
    verifyToken: createTokenVerifier({ issuer: provider.issuer, audience: 'sopflow-api' }),
    cases: fakeCasesPort(), tasks: fakeTasksPort(),
    audit: new JsonLinesAuditSink(path.join(dataDir, 'audit', 'audit.jsonl')),
    sopPacks: sopCatalogue(),
  });
  apiUrl = await api.listen({ port: await freePort(), host: '127.0.0.1' });
});
afterAll(async () => {
  await api.close();
  await provider.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const listIds = async (token: string): Promise<string[]> => {
  const res = await fetch(`${apiUrl}/cases`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { cases: { caseId: string }[] }).cases.map((c) => c.caseId);
};

describe('embedded OpenID provider', () => {
  it('the Multan SHO signs in and sees only Cantt, Multan', async () => {
    const token = await authorizationCodeToken(localProviderFlow(provider.issuer, REDIRECT), 'multan-sho', 'local-only-demo');
    expect(await listIds(token)).toEqual(['case/punjab/multan/cantt/55-2026']);
  });

  it('the Sindh CMMS gets a client-credentials token scoped to Sindh', async () => {
    const token = await clientCredentialsToken(`${provider.issuer}/token`, 'sindh-cmms', 'local-only-sindh-cmms', { scope: 'api' });
    expect(await listIds(token)).toEqual(['case/sindh/karachi-south/clifton/9-2026']);
  });

  it('a wrong demo password or an unknown user does not sign in; a wrong client secret gets no token', async () => {
    await expect(authorizationCodeToken(localProviderFlow(provider.issuer, REDIRECT), 'multan-sho', 'guess')).rejects.toThrow(/refused/);
    await expect(authorizationCodeToken(localProviderFlow(provider.issuer, REDIRECT), 'nobody', 'local-only-demo')).rejects.toThrow(/refused/);
    await expect(clientCredentialsToken(`${provider.issuer}/token`, 'sindh-cmms', 'guess', { scope: 'api' })).rejects.toThrow(/401/);
  });

  it('keeps its signing key in the data dir, private to the owner', () => {
    const file = path.join(dataDir, 'oidc', 'local-provider-keys.json');
    expect(fs.statSync(file).mode & 0o077).toBe(0);
    expect((JSON.parse(fs.readFileSync(file, 'utf8')) as { signing: { d?: string } }).signing.d).toBeTruthy();
  });
});
