// The web app's sign-in, as a backend-for-frontend: the server runs authorisation code + PKCE against the OpenID
// provider (openid-client), keeps the tokens in its own memory, and gives the browser only an opaque httpOnly
// session cookie. The browser's JavaScript never sees a token, and no token or code stays in a URL it keeps.
// Calls that change something also carry the session's CSRF token in a header (a cross-site form cannot).
import crypto from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as oidc from 'openid-client';
import { z } from 'zod';
import { jurisdictionView, type Caller } from '../auth/caller';
import type { TokenVerifier } from '../auth/token-verifier';
import { ApiProblem } from '../problem';

export const SESSION_COOKIE = 'sopflow_session';
export const CSRF_HEADER = 'x-sopflow-csrf';
const PENDING_COOKIE = 'sopflow_signin';

export interface WebSignInOptions {
  issuer: string;
  clientId: string;
  /** The API's own public URL (the callback is `${publicUrl}/app/auth/callback`). */
  publicUrl: string;
  verifyToken: TokenVerifier;
  /** The embedded provider signs ID tokens with ES256; a real one says so in its metadata. */
  idTokenAlg?: string;
  now?: () => number;
}

interface Session {
  accessToken: string;
  expiresAt: number;
  caller: Caller;
  csrf: string;
}

interface Pending {
  verifier: string;
  state: string;
  returnTo: string;
  expiresAt: number;
}

/** Sessions live in this process: a restart signs everyone out, which a local and single-node server can afford. */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly pending = new Map<string, Pending>();
  constructor(private readonly now: () => number) {}

  open(session: Session): string {
    this.sweep();
    const id = crypto.randomBytes(32).toString('base64url');
    this.sessions.set(id, session);
    return id;
  }
  find(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const s = this.sessions.get(id);
    if (s && s.expiresAt <= this.now()) {
      this.sessions.delete(id);
      return undefined;
    }
    return s;
  }
  close(id: string | undefined): void {
    if (id) this.sessions.delete(id);
  }
  begin(p: Pending): string {
    this.sweep();
    const id = crypto.randomBytes(16).toString('base64url');
    this.pending.set(id, p);
    return id;
  }
  finish(id: string | undefined): Pending | undefined {
    if (!id) return undefined;
    const p = this.pending.get(id);
    this.pending.delete(id);
    return p && p.expiresAt > this.now() ? p : undefined;
  }
  private sweep(): void {
    const t = this.now();
    for (const [k, s] of this.sessions) if (s.expiresAt <= t) this.sessions.delete(k);
    for (const [k, p] of this.pending) if (p.expiresAt <= t) this.pending.delete(k);
  }
}

/** Where a signed-in person may be sent back to: a path of the app, never another site. */
function safeReturn(value: unknown): string {
  return typeof value === 'string' && /^\/app\/[A-Za-z0-9/_%.\-?=&]*$/.test(value) && !value.includes('//') ? value : '/app/';
}

export const webSessionView = z
  .object({
    signedIn: z.boolean(),
    user: z.object({ subject: z.string(), roles: z.array(z.string()), jurisdiction: jurisdictionView }).nullable(),
    csrf: z.string().nullable().describe('send it back in the x-sopflow-csrf header on every POST, PUT and DELETE'),
    expiresAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'WebSession' });

export interface WebSessions {
  store: SessionStore;
  /** The access token of the request's session, checking CSRF on changing methods; undefined: no session. */
  tokenFor(request: FastifyRequest): string | undefined;
}

export async function installWebSignIn(app: FastifyInstance, options: WebSignInOptions): Promise<WebSessions> {
  const now = options.now ?? Date.now;
  const store = new SessionStore(now);
  const callbackUrl = `${options.publicUrl}/app/auth/callback`;
  const secure = options.publicUrl.startsWith('https:');
  // Discovery on first use: the API can start before the provider answers, and a failed discovery is retried.
  let config: Promise<oidc.Configuration> | undefined;
  const configuration = (): Promise<oidc.Configuration> => {
    config ??= oidc.discovery(
      new URL(options.issuer),
      options.clientId,
      { id_token_signed_response_alg: options.idTokenAlg ?? 'RS256' },
      oidc.None(),
      options.issuer.startsWith('http:') ? { execute: [oidc.allowInsecureRequests] } : undefined,
    );
    config.catch(() => (config = undefined));
    return config;
  };

  await app.register(fastifyCookie);
  const cookieBase = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure };
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(
    '/app/auth/login',
    { config: { public: true }, schema: { hide: true, querystring: z.object({ return: z.string().max(500).optional() }) } },
    async (request, reply) => {
      const cfg = await configuration();
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const pendingId = store.begin({ verifier, state, returnTo: safeReturn(request.query.return), expiresAt: now() + 10 * 60_000 });
      const url = oidc.buildAuthorizationUrl(cfg, {
        redirect_uri: callbackUrl,
        scope: 'openid api',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
      });
      void reply.setCookie(PENDING_COOKIE, pendingId, { ...cookieBase, path: '/app/auth', maxAge: 600 });
      return reply.redirect(url.href);
    },
  );

  typed.get('/app/auth/callback', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    const pending = store.finish(request.cookies[PENDING_COOKIE]);
    void reply.clearCookie(PENDING_COOKIE, { ...cookieBase, path: '/app/auth' });
    if (!pending) return reply.redirect('/app/?signin=expired');
    const cfg = await configuration();
    let session: Session;
    try {
      const tokens = await oidc.authorizationCodeGrant(cfg, new URL(request.url, options.publicUrl), { pkceCodeVerifier: pending.verifier, expectedState: pending.state });
      const caller = await options.verifyToken(tokens.access_token);
      if (caller.kind !== 'user') throw new Error('a source system cannot sign in to the web app');
      const ttl = (tokens.expiresIn() ?? 900) * 1000;
      session = { accessToken: tokens.access_token, expiresAt: now() + ttl, caller, csrf: crypto.randomBytes(24).toString('base64url') };
    } catch (err) {
      // The reason goes to the server log only; the browser learns that sign-in failed, nothing about tokens.
      request.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'web sign-in failed');
      return reply.redirect('/app/?signin=failed');
    }
    const id = store.open(session);
    void reply.setCookie(SESSION_COOKIE, id, { ...cookieBase, maxAge: Math.floor((session.expiresAt - now()) / 1000) });
    return reply.redirect(pending.returnTo);
  });

  typed.get(
    '/app/auth/session',
    { config: { public: true }, schema: { tags: ['web'], summary: 'The web app\u2019s session: who is signed in, and the CSRF token for changing calls', response: { 200: webSessionView } } },
    (request) => {
      const s = store.find(request.cookies[SESSION_COOKIE]);
      if (!s) return { signedIn: false, user: null, csrf: null, expiresAt: null };
      return { signedIn: true, user: { subject: s.caller.subject, roles: s.caller.roles, jurisdiction: s.caller.jurisdiction }, csrf: s.csrf, expiresAt: new Date(s.expiresAt).toISOString() };
    },
  );

  typed.post('/app/auth/logout', { config: { public: true }, schema: { hide: true } }, (request, reply) => {
    const s = store.find(request.cookies[SESSION_COOKIE]);
    // Signing out is a change: only the app itself (holding the CSRF token) may do it.
    if (s && request.headers[CSRF_HEADER] === s.csrf) store.close(request.cookies[SESSION_COOKIE]);
    void reply.clearCookie(SESSION_COOKIE, cookieBase);
    return reply.status(204).send();
  });

  return {
    store,
    tokenFor(request) {
      const s = store.find(request.cookies?.[SESSION_COOKIE]);
      if (!s) return undefined;
      if (!['GET', 'HEAD', 'OPTIONS'].includes(request.method)) {
        const sent = request.headers[CSRF_HEADER];
        if (typeof sent !== 'string' || sent.length !== s.csrf.length || !crypto.timingSafeEqual(Buffer.from(sent), Buffer.from(s.csrf))) {
          throw new ApiProblem(403, 'csrf-token-missing', `a signed-in browser sends the session's CSRF token in the ${CSRF_HEADER} header on changing calls`);
        }
      }
      return s.accessToken;
    },
  };
}
