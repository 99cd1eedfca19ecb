// The OpenAPI document as the wire behaves: problems (status ≥ 400) are application/problem+json, not the zod
// provider's application/json, and the answers any route can give whatever its own schema lists are documented on
// every operation — 401 and 503 (the token or its issuer) where a token is needed, 400/413/415 where a request is
// parsed, 429 and 500 everywhere. Done once over the whole document, so a route added later is covered too (the
// contract fuzzing test, test/api/schemathesis.test.ts, holds every answer to this document).
import { PROBLEM_CONTENT_TYPE } from './problem';

interface MediaType {
  schema?: unknown;
}
interface ResponseObject {
  description?: string;
  content?: Record<string, MediaType>;
}
interface Operation {
  security?: unknown[];
  parameters?: unknown[];
  requestBody?: unknown;
  responses?: Record<string, ResponseObject>;
}
interface Document {
  paths?: Record<string, Record<string, Operation>>;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

const DESCRIPTIONS: Record<string, string> = {
  '400': 'the request does not match the schema (the problem names the field path)',
  '401': 'no token, or one that is expired, wrongly signed or not for this API',
  '413': 'the body is larger than the API accepts',
  '415': 'the body is not application/json',
  '429': 'too many requests; retry after the Retry-After header',
  '500': 'a server error (logged; no request data is echoed)',
  '503': 'the sign-in provider could not be reached to check the token',
};

/** Rewrites `doc` in place and returns it. `problemSchema` is the Problem component's reference. */
export function wireShapedDocument<T>(doc: T, problemSchema: unknown): T {
  const paths = (doc as Document).paths ?? {};
  const problemResponse = (status: string): ResponseObject => ({ description: DESCRIPTIONS[status] ?? 'a problem', content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } } });
  for (const item of Object.values(paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const responses = (op.responses ??= {});
      for (const [status, response] of Object.entries(responses)) {
        const json = response.content?.['application/json'];
        if (Number(status) >= 400 && json) {
          delete response.content!['application/json'];
          response.content![PROBLEM_CONTENT_TYPE] = json;
        }
      }
      const always = ['429', '500'];
      if (op.security && op.security.length > 0) always.push('401', '503');
      if (op.requestBody) always.push('400', '413', '415');
      if (op.parameters && op.parameters.length > 0) always.push('400');
      for (const status of always) responses[status] ??= problemResponse(status);
    }
  }
  return doc;
}
