// Bearer-token authentication for every route that is not marked public: the verified Caller is put on the
// request; a missing, expired or wrongly signed token is a 401 problem that says which of these it was.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiProblem } from '../problem';
import type { Caller } from './caller';
import { TokenRefused, type TokenVerifier } from './token-verifier';

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
  }
  interface FastifyContextConfig {
    /** Reachable without a token (the OpenAPI document, the docs, health). */
    public?: boolean;
    /** The audit log's name for this call; set on every changing route and every case read. */
    audit?: string;
  }
}

/** The web app's session, when there is one: the access token the server keeps for the browser (api/web). */
export type SessionToken = (request: FastifyRequest) => string | undefined;

export function installAuthentication(app: FastifyInstance, verify: TokenVerifier, sessionToken?: SessionToken): void {
  app.decorateRequest('caller', null);
  app.addHook('onRequest', async (request) => {
    const url = request.routeOptions.url;
    // Swagger UI's own routes (its page and assets) cannot carry our config flag: they are public by prefix.
    // The web app's files (api/web) are public by prefix too: what they show comes from the API, signed in.
    if (request.routeOptions.config.public || !url || url === '/docs' || url.startsWith('/docs/') || url === '/app' || url.startsWith('/app/')) return;
    const header = request.headers.authorization;
    const match = header ? /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header) : null;
    const token = match ? match[1]! : header === undefined ? sessionToken?.(request) : undefined;
    if (!token) throw new ApiProblem(401, 'token-missing', 'send an access token as `Authorization: Bearer <token>`');
    try {
      request.caller = await verify(token);
    } catch (err) {
      if (err instanceof TokenRefused) throw new ApiProblem(401, err.code, err.message);
      request.log.error({ err }, 'token verification failed');
      throw new ApiProblem(503, 'issuer-unavailable', 'the sign-in provider could not be reached to check the token');
    }
  });
}

/** The verified caller of a non-public route (authentication ran before the handler). */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new ApiProblem(401, 'token-missing', 'send an access token as `Authorization: Bearer <token>`');
  return request.caller;
}
