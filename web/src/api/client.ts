// The one way the app reaches the server: openapi-fetch typed by the API's own OpenAPI document (openapi.d.ts,
// generated). Same origin, so the session cookie goes along; changing calls carry the session's CSRF token.
import createClient from 'openapi-fetch';
import type { components, paths } from './openapi';

export type Schemas = components['schemas'];

let csrfToken: string | null = null;
/** Set from the session (GET /app/auth/session) once it is known. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use({
  onRequest({ request }) {
    if (request.method !== 'GET' && csrfToken) request.headers.set('x-sopflow-csrf', csrfToken);
    return request;
  },
});

/** A problem+json answer (RFC 9457) as the API sends it, or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
  ) {
    super(detail);
  }
}

/** The data of an openapi-fetch answer, or an ApiError carrying the problem's code (which the UI translates). */
export function dataOf<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data !== undefined && result.response.ok) return result.data;
  const problem = (result.error ?? {}) as { code?: string; detail?: string };
  throw new ApiError(result.response.status, problem.code ?? 'http-error', problem.detail ?? result.response.statusText);
}

/** A fresh Idempotency-Key for one action (a retry of the same click reuses it). */
export const newIdempotencyKey = (action: string): string => `web-${action}-${crypto.randomUUID()}`;
