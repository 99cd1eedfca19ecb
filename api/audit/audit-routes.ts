// GET /audit: the auditor's view of the audit log, limited to the auditor's province.
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mayAct } from '../auth/authorisation';
import { callerOf } from '../auth/authentication';
import { ApiProblem, problemResponses } from '../problem';
import { auditEntry, auditFilter, type AuditSink } from './audit-sink';

export const auditRoutes: FastifyPluginCallbackZod<{ sink: AuditSink }> = (app, { sink }, done) => {
  app.get(
    '/audit',
    {
      config: { audit: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: 'Audit entries, oldest first (auditors only; their province only)',
        security: [{ bearer: [] }],
        querystring: auditFilter,
        response: { 200: z.object({ entries: z.array(auditEntry) }), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const decision = mayAct(caller, { kind: 'audit.read' });
      if (!decision.ok) throw new ApiProblem(decision.status, decision.code, decision.detail);
      if (request.query.province && request.query.province !== caller.jurisdiction.province) {
        throw new ApiProblem(403, 'forbidden-jurisdiction', 'an auditor reads the audit log of their own province', [
          { path: 'querystring.province', message: `must be ${caller.jurisdiction.province} or omitted` },
        ]);
      }
      return { entries: await sink.query({ ...request.query, province: caller.jurisdiction.province }) };
    },
  );
  done();
};
