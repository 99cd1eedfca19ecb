// startApiServer with SOPFLOW_OIDC_ISSUER set: no embedded provider is started (its port stays free), tokens of
// that issuer are accepted, the configured claim names are the ones read, registered webhook receivers are
// served, and the banner prints no demo logins.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECEIVERS_FILE } from '../../activities/webhook-sender';
import { apiBanner } from '../../api/api-banner';
import { startLocalProvider, type LocalProvider } from '../../api/oidc/local-provider';
import { startApiServer, type ApiServer } from '../../api/serve-api';
import { loadEnvironment } from '../../config/environment';
import { assertPortFree, freePort } from '../../local-temporal/free-port';
import { workerForSuite } from '../support/temporal';
import { testPayloadKeyring } from '../support/test-payload-key';
import { authorizationCodeToken, clientCredentialsToken, localProviderFlow } from './oidc-tokens';

describe('startApiServer against a configured OpenID issuer', () => {
  const suite = workerForSuite('dev', 'serve-api');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-serve-api-'));
  const providerDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-serve-api-idp-'));
  let provider: LocalProvider;
  let server: ApiServer;
  let renamedClaims: ApiServer;
  let unusedOidcPort = 0;
  const redirect = 'http://127.0.0.1:1/callback';

  const envFor = async (extra: Record<string, string>) =>
    loadEnvironment({
      SOPFLOW_DATA_DIR: dataDir,
      SOPFLOW_TASK_QUEUE: suite.taskQueue,
      SOPFLOW_API_PORT: String(await freePort()),
      SOPFLOW_OIDC_PORT: String(unusedOidcPort),
      SOPFLOW_OIDC_ISSUER: provider.issuer,
      ...extra,
    });

  beforeAll(async () => {
    provider = await startLocalProvider({ dataDir: providerDir, port: await freePort(), audience: 'sopflow-api', redirectUris: [redirect] });
    unusedOidcPort = await freePort();
    fs.mkdirSync(path.join(dataDir, 'webhooks'), { recursive: true });
    fs.writeFileSync(
      path.join(dataDir, RECEIVERS_FILE),
      JSON.stringify({ receivers: [{ id: 'punjab-cfms', province: 'punjab', url: 'https://cfms.punjab.example/hooks', secret: 'x'.repeat(40) }] }),
    );
    const client = suite.env().client;
    server = await startApiServer(await envFor({}), { client, keyring: testPayloadKeyring, dataDir });
    renamedClaims = await startApiServer(await envFor({ SOPFLOW_OIDC_ROLES_CLAIM: 'realm_access.roles' }), { client, keyring: testPayloadKeyring, dataDir });
  });
  afterAll(async () => {
    await server?.close();
    await renamedClaims?.close();
    await provider?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(providerDir, { recursive: true, force: true });
  });

  it('uses that issuer only: no embedded provider, and the banner shows no demo logins', async () => {
    expect([server.issuer, server.localProvider, server.webhookReceivers]).toEqual([provider.issuer, false, 1]);
    await assertPortFree(unusedOidcPort, 'an embedded provider was started although SOPFLOW_OIDC_ISSUER is set');
    const banner = apiBanner(server).join('\n');
    expect(banner).toContain(`OpenID issuer: ${provider.issuer}\n`);
    expect(banner).not.toMatch(/LOCAL ONLY|local-only-demo|punjab-cfms/);
  });

  it('accepts the issuer\u2019s tokens, reads the configured claim names, and serves the registered receivers', async () => {
    const token = await clientCredentialsToken(`${provider.issuer}/token`, 'punjab-cfms', 'local-only-punjab-cfms', { scope: 'api' });
    const auth = { authorization: `Bearer ${token}` };
    // A district no case is in: without a read model the listing asks each listed case for its view, and other
    // test files' cases on the shared dev server have no worker left to answer.
    const cases = '/cases?district=no-such-district';
    expect((await fetch(`${server.url}${cases}`, { headers: auth })).status).toBe(200);
    // The roles sit under `roles`, not where this server was told to look: refused.
    expect((await fetch(`${renamedClaims.url}${cases}`, { headers: auth })).status).toBe(401);

    const auditor = await authorizationCodeToken(localProviderFlow(provider.issuer, redirect), 'punjab-auditor', 'local-only-demo');
    const receivers = await fetch(`${server.url}/webhooks/receivers`, { headers: { authorization: `Bearer ${auditor}` } });
    expect([receivers.status, await receivers.json()]).toEqual([200, { receivers: [{ id: 'punjab-cfms', province: 'punjab', url: 'https://cfms.punjab.example/hooks' }] }]);
  });
});
