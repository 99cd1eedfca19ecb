// LOCAL ONLY: an OpenID provider (oidc-provider) run in-process for `npm start` and the tests, with the demo
// directory. People sign in by authorisation code + PKCE through a minimal login page; source systems use client
// credentials. Access tokens are JWTs for the API's audience carrying roles and jurisdiction. Its signing and
// cookie keys live in the data dir, so tokens survive a restart.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { SOURCE_SYSTEM_ROLE } from '../auth/caller';
import { DEFAULT_CLAIMS } from '../auth/token-verifier';
import { DEMO_PASSWORD, DEMO_SYSTEMS, DEMO_USERS } from './demo-directory';

export const LOCAL_WEB_CLIENT_ID = 'sopflow-web';
export const API_RESOURCE = 'urn:sopflow:api';

export interface LocalProviderOptions {
  dataDir: string;
  port: number;
  host?: string;
  audience: string;
  /** Where the web client may be sent back to after sign-in. */
  redirectUris: string[];
}

export interface LocalProvider {
  issuer: string;
  close(): Promise<void>;
}

interface StoredKeys {
  signing: JWK;
  cookie: string;
}

async function keysIn(dataDir: string): Promise<StoredKeys> {
  const file = path.join(path.resolve(dataDir), 'oidc', 'local-provider-keys.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as StoredKeys;
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const signing = { ...(await exportJWK(privateKey)), alg: 'ES256', use: 'sig', kid: crypto.randomUUID() };
  const keys = { signing, cookie: crypto.randomBytes(32).toString('base64url') };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  return keys;
}

function claimsFor(accountId: string | undefined, clientId: string | undefined): Record<string, unknown> {
  if (accountId) {
    const user = DEMO_USERS.find((u) => u.id === accountId);
    if (!user) return {};
    const j = user.jurisdiction;
    return {
      [DEFAULT_CLAIMS.roles]: user.roles,
      [DEFAULT_CLAIMS.province]: j.province,
      ...(j.district ? { [DEFAULT_CLAIMS.district]: j.district } : {}),
      ...(j.policeStation ? { [DEFAULT_CLAIMS.policeStation]: j.policeStation } : {}),
    };
  }
  const system = DEMO_SYSTEMS.find((s) => s.clientId === clientId);
  return system ? { [DEFAULT_CLAIMS.roles]: [SOURCE_SYSTEM_ROLE], [DEFAULT_CLAIMS.province]: system.province } : {};
}

const page = (body: string): string =>
  `<!doctype html><meta charset="utf-8"><title>sopflow local sign-in</title><p><strong>LOCAL ONLY — demo sign-in, not for production.</strong></p>${body}`;

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > 4096) break;
  }
  return new URLSearchParams(text);
}

/** The login step checks the demo password; consent is granted at once (first-party demo client). */
async function interaction(provider: Provider, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name === 'login') {
    if (req.method === 'POST') {
      const form = await readForm(req);
      const login = form.get('login') ?? '';
      if (DEMO_USERS.some((u) => u.id === login) && form.get('password') === DEMO_PASSWORD) {
        await provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
        return;
      }
      res.statusCode = 401;
    }
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(
      page(
        `<form method="post"><label>Demo user <input name="login" required></label> <label>Password <input name="password" type="password" required></label> <button>Sign in</button></form>` +
          `<p>Users: ${DEMO_USERS.map((u) => u.id).join(', ')}</p>`,
      ),
    );
    return;
  }
  const { session, params } = details;
  const missing = details.prompt.details as { missingOIDCScope?: string[]; missingResourceScopes?: Record<string, string[]> };
  const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId: session!.accountId, clientId: String(params.client_id) });
  if (!grant) throw new Error('the interaction names a grant that no longer exists');
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
  await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
}

export async function startLocalProvider(options: LocalProviderOptions): Promise<LocalProvider> {
  const host = options.host ?? '127.0.0.1';
  const issuer = `http://${host}:${options.port}`;
  const keys = await keysIn(options.dataDir);
  const configuration: Configuration = {
    clients: [
      { client_id: LOCAL_WEB_CLIENT_ID, token_endpoint_auth_method: 'none', redirect_uris: options.redirectUris, grant_types: ['authorization_code'], response_types: ['code'] },
      ...DEMO_SYSTEMS.map((s) => ({ client_id: s.clientId, client_secret: s.clientSecret, grant_types: ['client_credentials'], redirect_uris: [], response_types: [], scope: 'api' })),
    ],
    jwks: { keys: [keys.signing] },
    clientDefaults: { id_token_signed_response_alg: 'ES256' },
    cookies: { keys: [keys.cookie] },
    pkce: { required: () => true },
    scopes: ['openid', 'api'],
    findAccount: (_ctx, id) => (DEMO_USERS.some((u) => u.id === id) ? { accountId: id, claims: () => ({ sub: id }) } : undefined),
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({ scope: 'api', audience: options.audience, accessTokenFormat: 'jwt', accessTokenTTL: 15 * 60, jwt: { sign: { alg: 'ES256' } } }),
      },
    },
    extraTokenClaims: (_ctx: KoaContextWithOIDC, token) => claimsFor('accountId' in token ? token.accountId : undefined, token.clientId),
    ttl: { IdToken: 15 * 60, AccessToken: 15 * 60, ClientCredentials: 15 * 60, Interaction: 10 * 60, Session: 8 * 3600, Grant: 8 * 3600 },
  };
  const provider = new Provider(issuer, configuration);
  const callback = provider.callback();
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith('/interaction/')) {
      interaction(provider, req, res).catch((err: unknown) => {
        res.statusCode = 400;
        res.end(page(`<p>${err instanceof Error ? 'The sign-in could not continue; start again.' : 'error'}</p>`));
      });
      return;
    }
    void callback(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  if (port !== options.port) throw new Error(`local OpenID provider bound ${port}, not ${options.port}`);
  return {
    issuer,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
