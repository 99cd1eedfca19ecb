// Records every call whose route names an audit action, with its outcome, before the response leaves: if the
// entry cannot be written, the call fails rather than going unrecorded. A refusal (a bad token, a wrong role, another
// jurisdiction's id, a body over the limit) is recorded on every route, named `<METHOD> <route>` where the route names no action: a
// hostile caller probing reads leaves a trace too.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditEntry, AuditSink } from './audit-sink';

function outcomeOf(status: number): AuditEntry['outcome'] {
  if (status < 400) return 'ok';
  if (status === 401 || status === 403) return 'refused';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status < 500) return 'invalid';
  return 'error';
}

/** Statuses that refuse the caller (who they are, what they may do, what they sent): audited on every route. */
const REFUSALS = new Set([401, 403, 413, 415]);

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function caseIdOf(request: FastifyRequest): string | undefined {
  const params = request.params as Record<string, unknown> | undefined;
  return typeof params?.caseId === 'string' ? params.caseId : undefined;
}

export function installAuditRecorder(app: FastifyInstance, sink: AuditSink, now: () => Date): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const route = request.routeOptions.url;
    // A 404 on a route with an id in its path is how another jurisdiction's resource is refused (authorisation.ts).
    const refused = REFUSALS.has(reply.statusCode) || (reply.statusCode === 404 && Object.keys((request.params as object | undefined) ?? {}).length > 0);
    // A write to a path no route serves (an upload where none is taken) is a probe too; its URL is not recorded.
    const unroutedWrite = !route && !READ_METHODS.has(request.method);
    const action = request.routeOptions.config.audit ?? (route && refused ? `${request.method} ${route}` : unroutedWrite ? `${request.method} (no such route)` : undefined);
    if (!action) return payload;
    const caller = request.caller;
    const caseId = caseIdOf(request);
    await sink.append({
      at: now().toISOString(),
      subject: caller?.subject ?? 'anonymous',
      kind: caller?.kind ?? 'anonymous',
      roles: caller?.roles ?? [],
      ...(caller ? { jurisdiction: caller.jurisdiction } : {}),
      action,
      ...(caseId ? { caseId } : {}),
      outcome: outcomeOf(reply.statusCode),
      status: reply.statusCode,
      requestId: request.id,
    });
    return payload;
  });
}
