// Interop with a real OpenID provider: Keycloak (provisioned by scripts/setup-keycloak.mjs, cached outside the
// clone) imports test/keycloak/realm.json; its client-credentials and user tokens pass the API's verifier with
// the right roles and jurisdiction, and tokens it should not accept are refused.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../api/build-api';
import { JsonLinesAuditSink } from '../../api/audit/audit-sink';
import { createTokenVerifier, TokenRefused, type TokenVerifier } from '../../api/auth/token-verifier';
import { freePort } from '../../local-temporal/free-port';
import { ensureKeycloak } from '../../scripts/setup-keycloak.mjs';
import { fakeCasesPort, fakeTasksPort, sopCatalogue } from '../api/api-harness';
import { authorizationCodeToken, clientCredentialsToken, type CodeFlow } from '../api/oidc-tokens';

const realmFile = fileURLToPath(new URL('./realm.json', import.meta.url));
const REDIRECT = 'http://127.0.0.1/callback';

let keycloak: ChildProcess | undefined;
let issuer = '';
let verify: TokenVerifier;
const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-keycloak-'));

async function waitForIssuer(url: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Keycloak exited (${child.exitCode}); log: ${logFile}\n${fs.readFileSync(logFile, 'utf8').slice(-3000)}`);
    try {
      if ((await fetch(`${url}/.well-known/openid-configuration`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`Keycloak did not serve ${url} within 240 s; log: ${logFile}`);
}

beforeAll(async () => {
  const { home, kcSh } = ensureKeycloak();
  // start-dev imports realms from data/import; an in-memory database makes every run import afresh.
  const importDir = path.join(home, 'data', 'import');
  fs.mkdirSync(importDir, { recursive: true });
  fs.copyFileSync(realmFile, path.join(importDir, 'sopflow-realm.json'));
  const [port, managementPort] = [await freePort(), await freePort()];
  const logFile = path.join(logDir, 'keycloak.log');
  const log = fs.openSync(logFile, 'w');
  keycloak = spawn(kcSh, ['start-dev', '--import-realm', '--db=dev-mem', `--http-port=${port}`, `--http-management-port=${managementPort}`, '--hostname-strict=false', '--http-host=127.0.0.1'], {
    stdio: ['ignore', log, log],
    detached: true,
    env: { ...process.env, JAVA_OPTS_APPEND: '-XX:TieredStopAtLevel=1' },
  });
  issuer = `http://127.0.0.1:${port}/realms/sopflow`;
  await waitForIssuer(issuer, keycloak, logFile);
  verify = createTokenVerifier({ issuer, audience: 'sopflow-api' });
}, 300_000);

afterAll(async () => {
  if (keycloak?.pid && keycloak.exitCode === null) {
    const exited = new Promise((r) => keycloak!.once('exit', r));
    process.kill(-keycloak.pid, 'SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    if (keycloak.exitCode === null) process.kill(-keycloak.pid, 'SIGKILL');
  }
}, 30_000);

const tokenEndpoint = (): string => `${issuer}/protocol/openid-connect/token`;

function keycloakFlow(): CodeFlow {
  return {
    authorizationEndpoint: `${issuer}/protocol/openid-connect/auth`,
    tokenEndpoint: tokenEndpoint(),
    clientId: 'sopflow-web',
    redirectUri: REDIRECT,
    scope: 'openid',
    formAction: (html) => {
      const m = /<form[^>]*id="kc-form-login"[^>]*action="([^"]+)"/.exec(html) ?? /action="([^"]*login-actions\/authenticate[^"]*)"/.exec(html);
      if (!m) throw new Error('no Keycloak login form in the page');
      return m[1]!.replace(/&amp;/g, '&');
    },
    credentials: (username, password) => ({ username, password, credentialId: '' }),
  };
}

async function refusal(token: string, v: TokenVerifier = verify): Promise<string> {
  try {
    await v(token);
  } catch (err) {
    if (err instanceof TokenRefused) return err.code;
    throw err;
  }
  return 'accepted';
}

describe('Keycloak tokens at the API', () => {
  it('a Sindh CMMS client-credentials token is a Sindh source system', async () => {
    const caller = await verify(await clientCredentialsToken(tokenEndpoint(), 'sindh-cmms', 'local-only-sindh-cmms'));
    expect(caller).toEqual({ subject: 'sindh-cmms', kind: 'system', roles: ['source_system'], jurisdiction: { province: 'sindh' } });
  });

  it('a signed-in Lahore SHO carries the role and station from Keycloak', async () => {
    const caller = await verify(await authorizationCodeToken(keycloakFlow(), 'lahore-sho', 'local-only-demo'));
    expect(caller.kind).toBe('user');
    expect(caller.roles).toEqual(['sho']);
    expect(caller.jurisdiction).toEqual({ province: 'punjab', district: 'lahore', policeStation: 'model-town' });
    expect(caller.subject).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('through the API, the Karachi SHO lists only Clifton cases and a Punjab case is not found', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-kc-api-'));
    const app = await buildApi({ verifyToken: verify, cases: fakeCasesPort(), tasks: fakeTasksPort(), audit: new JsonLinesAuditSink(path.join(dir, 'audit.jsonl')), sopPacks: sopCatalogue() });
    try {
      const token = await authorizationCodeToken(keycloakFlow(), 'karachi-south-sho', 'local-only-demo');
      const headers = { authorization: `Bearer ${token}` };
      const list = await app.inject({ url: '/cases', headers });
      expect(list.statusCode).toBe(200);
      expect(list.json<{ cases: { caseId: string }[] }>().cases.map((c) => c.caseId)).toEqual(['case/sindh/karachi-south/clifton/9-2026']);
      const other = await app.inject({ url: `/cases/${encodeURIComponent('case/punjab/lahore/model-town/101-2026')}`, headers });
      expect(other.statusCode).toBe(404);
    } finally {
      await app.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a token without the API audience, a user without a sopflow role, and another issuer', async () => {
    expect(await refusal(await clientCredentialsToken(tokenEndpoint(), 'no-audience-client', 'local-only-no-audience'))).toBe('token-invalid');
    expect(await refusal(await authorizationCodeToken(keycloakFlow(), 'no-role-user', 'local-only-demo'))).toBe('token-claims-invalid');
    const elsewhere = createTokenVerifier({ issuer: `${issuer}-other`, audience: 'sopflow-api', jwksUri: `${issuer}/protocol/openid-connect/certs` });
    expect(await refusal(await clientCredentialsToken(tokenEndpoint(), 'sindh-cmms', 'local-only-sindh-cmms'), elsewhere)).toBe('token-invalid');
  });

  it('refuses a wrong password at Keycloak itself', async () => {
    await expect(authorizationCodeToken(keycloakFlow(), 'lahore-sho', 'wrong')).rejects.toThrow();
  });
});
