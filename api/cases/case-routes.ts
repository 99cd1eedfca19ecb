// Case routes: a caller's scoped listing and a single case. Another jurisdiction's case answers 404 whether or
// not it exists; the port's answers are filtered again by the caller's scope.
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inScope, mayAct, scopeFor } from '../auth/authorisation';
import { callerOf } from '../auth/authentication';
import { ApiProblem, problemResponses } from '../problem';
import { caseListFilter, caseSummary, type CasesPort } from './cases-port';

const caseParams = z.object({ caseId: z.string().min(1).max(200).describe('URL-encoded, e.g. case%2Fpunjab%2Flahore%2F…') });
const secured = { security: [{ bearer: [] }], tags: ['cases'] };

export const caseRoutes: FastifyPluginCallbackZod<{ cases: CasesPort }> = (app, { cases }, done) => {
  app.get(
    '/cases',
    {
      schema: {
        ...secured,
        summary: 'Cases in the caller\u2019s jurisdiction',
        querystring: caseListFilter,
        response: { 200: z.object({ cases: z.array(caseSummary) }), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const decision = mayAct(caller, { kind: 'case.list' });
      if (!decision.ok) throw new ApiProblem(decision.status, decision.code, decision.detail);
      const scope = scopeFor(caller);
      const { district, policeStation } = request.query;
      // A filter can narrow the scope but never widen it: a district or station outside it matches nothing.
      if ((district && scope.district && district !== scope.district) || (policeStation && scope.policeStation && policeStation !== scope.policeStation)) {
        return { cases: [] };
      }
      const narrowed = { ...scope, ...(district ? { district } : {}), ...(policeStation ? { policeStation } : {}) };
      const found = await cases.listCases(narrowed, request.query);
      return { cases: found.filter((c) => inScope(narrowed, c.jurisdiction)).slice(0, request.query.limit) };
    },
  );

  app.get(
    '/cases/:caseId',
    {
      config: { audit: 'case.read' },
      schema: { ...secured, summary: 'One case', params: caseParams, response: { 200: caseSummary, ...problemResponses(400, 401, 403, 404) } },
    },
    async (request) => {
      const caller = callerOf(request);
      const found = await cases.findCase(request.params.caseId);
      if (!found) throw new ApiProblem(404, 'not-found', 'no such resource');
      const decision = mayAct(caller, { kind: 'case.read', case: found.jurisdiction });
      if (!decision.ok) throw new ApiProblem(decision.status, decision.code, decision.detail);
      return found;
    },
  );
  done();
};
