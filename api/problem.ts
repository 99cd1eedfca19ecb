// Errors as RFC 9457 problem details (application/problem+json): a stable `code` a client can switch on, the
// field path when input was wrong, and what would be valid. One schema, one error class, one handler.
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const problemField = z
  .object({
    /** JSON-pointer-like path into the request part, e.g. `body.facts.district` or `querystring.limit`. */
    path: z.string(),
    message: z.string().describe('what is wrong and what would be valid'),
  })
  .meta({ id: 'ProblemField' });

export const problemDetails = z
  .object({
    type: z.string().describe('a URI naming the kind of problem'),
    title: z.string(),
    status: z.number().int(),
    code: z.string().regex(/^[a-z][a-z0-9-]*$/).describe('stable, machine-readable'),
    detail: z.string().optional(),
    fields: z.array(problemField).optional(),
  })
  .meta({ id: 'Problem' });
export type ProblemDetails = z.infer<typeof problemDetails>;

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Thrown by routes and hooks; the handler turns it into a problem document. Messages carry no personal data. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    readonly fields?: { path: string; message: string }[],
  ) {
    super(detail);
  }
}

export function problem(status: number, code: string, detail?: string, fields?: { path: string; message: string }[]): ProblemDetails {
  return {
    type: `urn:sopflow:problem:${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    ...(detail ? { detail } : {}),
    ...(fields && fields.length > 0 ? { fields } : {}),
  };
}

/** The problem responses every route may give, for its OpenAPI entry. */
export function problemResponses(...statuses: number[]): Record<number, typeof problemDetails> {
  return Object.fromEntries(statuses.map((s) => [s, problemDetails]));
}

function fromFastifyError(error: FastifyError): ProblemDetails {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const part = error.validationContext ?? 'request';
    const fields = error.validation.map((v) => {
      const at = v.instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.');
      return { path: at ? `${part}.${at}` : part, message: v.message ?? 'is not valid' };
    });
    return problem(400, 'invalid-request', `the ${part} does not match the schema`, fields);
  }
  const status = error.statusCode ?? 500;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem(413, 'body-too-large', error.message);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem(415, 'unsupported-media-type', 'send the body as application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return problem(400, 'invalid-json', 'the body is not valid JSON');
    default:
      break;
  }
  if (status === 429) return problem(429, 'rate-limited', 'too many requests; retry after the time in the Retry-After header');
  if (status >= 400 && status < 500) return problem(status, 'bad-request', error.message);
  return problem(500, 'internal-error', 'the server could not complete the request; it has been logged');
}

/**
 * Errors the router raises before any route runs (a URL it cannot decode, a parameter over its length limit):
 * Fastify's option `frameworkErrors`, so they are problem documents too instead of Fastify's own JSON.
 */
export function frameworkProblem(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const body =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? problem(400, 'invalid-request', 'a path parameter is too long', [{ path: 'params', message: `must be at most ${MAX_PARAM_LENGTH} characters` }])
      : error.code === 'FST_ERR_BAD_URL'
        ? problem(400, 'invalid-request', 'the URL is not validly percent-encoded', [{ path: 'params', message: 'must be percent-encoded UTF-8' }])
        : problem(400, 'bad-request', 'the request could not be routed');
  void reply.status(body.status).type(PROBLEM_CONTENT_TYPE).serializer(JSON.stringify).send(body);
}

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (CR, LF or NUL in a header, a malformed request
 * line): Fastify's option `clientErrorHandler`, answered as a problem document and the connection closed.
 */
export function clientProblem(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable) return;
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const body = JSON.stringify(problem(status, status === 431 ? 'headers-too-large' : 'bad-request', 'the request is not well-formed HTTP (CR, LF or NUL in a header, or a malformed request line)'));
  socket.end(`HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/** Above every path parameter's own schema limit, so the schema answers first and names the field. */
export const MAX_PARAM_LENGTH = 1000;

export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiProblem, request, reply) => {
    let body: ProblemDetails;
    if (error instanceof ApiProblem) body = problem(error.status, error.code, error.message, error.fields);
    else if (isResponseSerializationError(error)) {
      // A response outside its schema is a server bug; what it held is not echoed (it may be personal data).
      request.log.error({ url: request.routeOptions.url }, 'response did not match its schema');
      body = problem(500, 'internal-error', 'the server produced a response outside its contract; it has been logged');
    } else {
      body = fromFastifyError(error);
      if (body.status >= 500) request.log.error({ err: error }, 'unhandled error');
    }
    if (error instanceof ApiProblem && error.status === 401) void reply.header('www-authenticate', 'Bearer');
    void reply.status(body.status).type(PROBLEM_CONTENT_TYPE).serializer(JSON.stringify).send(body);
  });
  app.setNotFoundHandler((_request, reply) => {
    void reply.status(404).type(PROBLEM_CONTENT_TYPE).serializer(JSON.stringify).send(problem(404, 'not-found', 'no such resource'));
  });
}
