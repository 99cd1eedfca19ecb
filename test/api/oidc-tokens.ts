// Test helper: real tokens from an OpenID provider over HTTP. Source systems use client credentials; a person
// signs in by authorisation code + PKCE, the login form scripted with a cookie jar (the embedded provider's page,
// or Keycloak's).
import crypto from 'node:crypto';

export async function clientCredentialsToken(tokenEndpoint: string, clientId: string, clientSecret: string, extra: Record<string, string> = {}): Promise<string> {
  const response = await fetch(tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'client_credentials', ...extra }),
  });
  const body = (await response.json()) as { access_token?: string; error?: string };
  if (!response.ok || !body.access_token) throw new Error(`client_credentials for ${clientId}: ${response.status} ${JSON.stringify(body)}`);
  return body.access_token;
}

class CookieJar {
  private cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, at).trim(), pair!.slice(at + 1));
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export interface CodeFlow {
  authorizationEndpoint: string;
  tokenEndpoint: string;
  clientId: string;
  redirectUri: string;
  scope: string;
  extraAuthParams?: Record<string, string>;
  /** Finds the login form's action URL in the login page. */
  formAction: (html: string, pageUrl: string) => string;
  /** The form's fields besides the credentials (e.g. hidden inputs). */
  credentials: (user: string, password: string) => Record<string, string>;
}

export async function authorizationCodeToken(flow: CodeFlow, user: string, password: string): Promise<string> {
  const jar = new CookieJar();
  const verifier = crypto.randomBytes(32).toString('base64url');
  const challenge = crypto.createHash('sha256').update(verifier).digest('base64url');
  const state = crypto.randomBytes(8).toString('hex');
  let url = `${flow.authorizationEndpoint}?${new URLSearchParams({
    client_id: flow.clientId,
    response_type: 'code',
    redirect_uri: flow.redirectUri,
    scope: flow.scope,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...flow.extraAuthParams,
  }).toString()}`;
  let form = false;
  for (let hop = 0; hop < 12; hop++) {
    if (url.startsWith(flow.redirectUri)) {
      const params = new URL(url).searchParams;
      if (params.get('state') !== state) throw new Error('the provider returned another state');
      const code = params.get('code');
      if (!code) throw new Error(`sign-in of ${user} ended without a code: ${params.get('error') ?? ''} ${params.get('error_description') ?? ''}`);
      const response = await fetch(flow.tokenEndpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: flow.redirectUri, client_id: flow.clientId, code_verifier: verifier }),
      });
      const body = (await response.json()) as { access_token?: string };
      if (!body.access_token) throw new Error(`token exchange for ${user}: ${response.status} ${JSON.stringify(body)}`);
      return body.access_token;
    }
    const response = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.take(response);
    const location = response.headers.get('location');
    if (location) {
      url = new URL(location, url).toString();
      continue;
    }
    if (response.status !== 200 || form) throw new Error(`sign-in of ${user}: ${response.status} at ${new URL(url).pathname}`);
    const action = flow.formAction(await response.text(), url);
    const posted = await fetch(action, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
      body: new URLSearchParams(flow.credentials(user, password)),
    });
    jar.take(posted);
    const next = posted.headers.get('location');
    if (!next) throw new Error(`sign-in of ${user} was refused (${posted.status})`);
    url = new URL(next, action).toString();
    form = true;
  }
  throw new Error(`sign-in of ${user} did not finish`);
}

/** The embedded provider's login page posts back to its own URL. */
export function localProviderFlow(issuer: string, redirectUri: string): CodeFlow {
  return {
    authorizationEndpoint: `${issuer}/auth`,
    tokenEndpoint: `${issuer}/token`,
    clientId: 'sopflow-web',
    redirectUri,
    scope: 'openid api',
    formAction: (_html, pageUrl) => pageUrl,
    credentials: (login, password) => ({ login, password }),
  };
}
