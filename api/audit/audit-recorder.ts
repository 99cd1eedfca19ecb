// Records every call whose route names an audit action, with its outcome, before the response leaves: if the
// entry cannot be written, the call fails rather than going unrecorded.
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

function caseIdOf(request: FastifyRequest): string | undefined {
  const params = request.params as Record<string, unknown> | undefined;
  return typeof params?.caseId === 'string' ? params.caseId : undefined;
}

export function installAuditRecorder(app: FastifyInstance, sink: AuditSink, now: () => Date): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const action = request.routeOptions.config.audit;
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
