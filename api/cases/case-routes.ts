// Case routes: open (idempotent by FIR), a caller's scoped listing, one case's view, its events (idempotent by
// event id) and SOP migration. Another jurisdiction's case answers 404 whether or not it exists; the port's
// answers are filtered again by the caller's scope.
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SUPERVISOR_EVENT_TYPES } from '../../rules/case-engine/index';
import { inScope, mayAct, scopeFor, type Action, type Decision } from '../auth/authorisation';
import { callerOf } from '../auth/authentication';
import type { Caller, Jurisdiction } from '../auth/caller';
import { ApiProblem, problemResponses } from '../problem';
import { viaClient } from './client-problem';
import { caseDetail, caseEventBody, caseEventResult, caseListFilter, caseSummary, migrationPreview, openCaseBody, openedCase, type CasesPort } from './cases-port';

const caseParams = z.object({ caseId: z.string().min(1).max(200).describe('URL-encoded, e.g. case%2Fpunjab%2Flahore%2F…') });
const secured = { security: [{ bearer: [] }], tags: ['cases'] };
const version = z.string().regex(/^\d{4}\.\d+$/, 'must be a version such as 2026.2');

function allow(decision: Decision): void {
  if (!decision.ok) throw new ApiProblem(decision.status, decision.code, decision.detail);
}

const CASE_ID = /^case\/(punjab|sindh|khyber-pakhtunkhwa|balochistan)\/([a-z0-9][a-z0-9-]*)\/([a-z0-9][a-z0-9-]*)\/[0-9a-z-]{1,20}-\d{4}$/;

/**
 * A case's jurisdiction read from its id: the workflow id is derived from the FIR (province, district, police
 * station, number, year) when the case opens, and nothing else names a case, so the id is its place. This
 * spares an engine round trip on every event; a case that does not exist still answers 404 from the engine.
 */
export function jurisdictionOfCaseId(caseId: string): Jurisdiction | undefined {
  const m = CASE_ID.exec(caseId);
  return m ? { province: m[1] as Jurisdiction['province'], district: m[2]!, policeStation: m[3]! } : undefined;
}

/** The case's jurisdiction if the caller may do `action` on it; a 404 for a case it may not see or that is not there. */
export function authorisedCase(caller: Caller, caseId: string, action: (j: Jurisdiction) => Action): Jurisdiction {
  const place = jurisdictionOfCaseId(caseId);
  if (!place) throw new ApiProblem(404, 'not-found', 'no such resource');
  allow(mayAct(caller, action(place)));
  return place;
}

export const caseRoutes: FastifyPluginCallbackZod<{ cases: CasesPort }> = (app, { cases }, done) => {
  app.get(
    '/cases',
    {
      schema: {
        ...secured,
        summary: 'Cases in the caller\u2019s jurisdiction',
        querystring: caseListFilter,
        response: { 200: z.object({ cases: z.array(caseSummary) }), ...problemResponses(400, 401, 403, 503) },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      allow(mayAct(caller, { kind: 'case.list' }));
      const scope = scopeFor(caller);
      const { district, policeStation } = request.query;
      // A filter can narrow the scope but never widen it: a district or station outside it matches nothing.
      if ((district && scope.district && district !== scope.district) || (policeStation && scope.policeStation && policeStation !== scope.policeStation)) {
        return { cases: [] };
      }
      if (policeStation && !district && !scope.district) {
        throw new ApiProblem(400, 'invalid-request', 'a police station is named within its district', [{ path: 'querystring.district', message: 'is required with policeStation' }]);
      }
      const narrowed = { ...scope, ...(district ? { district } : {}), ...(policeStation ? { policeStation } : {}) };
      const found = await viaClient(() => cases.listCases(narrowed, request.query), 'querystring');
      return { cases: found.filter((c) => inScope(narrowed, c.jurisdiction)).slice(0, request.query.limit) };
    },
  );

  app.post(
    '/cases',
    {
      config: { audit: 'case.open' },
      schema: {
        ...secured,
        summary: 'Open the FIR\u2019s case (idempotent: the same FIR returns the running case)',
        body: openCaseBody,
        response: { 200: openedCase, 201: openedCase, ...problemResponses(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const body = {
        facts: request.body.facts,
        firAt: Date.parse(request.body.firAt),
        ...(request.body.acceptOld ? { acceptOld: true } : {}),
        ...(request.body.parties ? { parties: request.body.parties } : {}),
      };
      // The case's place comes from the facts, checked and normalised before anything is decided on it.
      const plan = await viaClient(() => cases.planOpening(body));
      allow(mayAct(caller, { kind: 'case.open', case: plan.jurisdiction }));
      const opened = await viaClient(() => cases.openCase(body));
      void reply.status(opened.status === 'opened' ? 201 : 200);
      return { caseId: opened.caseId, status: opened.status, jurisdiction: plan.jurisdiction, sop: plan.sop };
    },
  );

  app.get(
    '/cases/:caseId',
    {
      config: { audit: 'case.read' },
      schema: { ...secured, summary: 'One case: clocks, open tasks, timeline, next events', params: caseParams, response: { 200: caseDetail, ...problemResponses(400, 401, 403, 404, 503) } },
    },
    async (request) => {
      const caller = callerOf(request);
      const found = await viaClient(() => cases.viewCase(request.params.caseId));
      if (!found) throw new ApiProblem(404, 'not-found', 'no such resource');
      allow(mayAct(caller, { kind: 'case.read', case: found.jurisdiction }));
      if (mayAct(caller, { kind: 'case.personal', case: found.jurisdiction }).ok) return found;
      // Readers who do not handle the case (policy staff) see which facts were compared, never the case's values.
      return {
        ...found,
        openTasks: found.openTasks.map((t) => ({
          ...t,
          explanation: { ...t.explanation, comparisons: t.explanation.comparisons.map((c) => ({ ...c, factValue: null })), factValuesWithheld: true },
        })),
      };
    },
  );

  app.post(
    '/cases/:caseId/events',
    {
      config: { audit: 'case.event' },
      schema: {
        ...secured,
        summary: 'Send one event to the case (idempotent by event id; a reused id with another body is a 409)',
        params: caseParams,
        body: caseEventBody,
        response: { 200: caseEventResult, ...problemResponses(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const { caseId } = request.params;
      authorisedCase(caller, caseId, (j) => ({ kind: 'case.event', case: j }));
      const { id, type, at, facts } = request.body;
      // A supervisor's action is checked against the task's role on the task routes; a raw event would skip that.
      if ((SUPERVISOR_EVENT_TYPES as readonly string[]).includes(type)) {
        throw new ApiProblem(400, 'use-task-route', `${type} is a task action: use POST /tasks/{taskId}/…`, [{ path: 'body.type', message: 'must be a case event, not a task action' }]);
      }
      return viaClient(() => cases.sendEvent(caseId, { id, type, ...(at ? { at: Date.parse(at) } : {}), ...(facts ? { facts } : {}) }));
    },
  );

  const migrationBody = z.object({ version }).strict();
  app.post(
    '/cases/:caseId/migration/preview',
    {
      config: { audit: 'case.migration.preview' },
      schema: {
        ...secured,
        summary: 'What moving the case to another adopted SOP version would change (changes nothing)',
        params: caseParams,
        body: migrationBody,
        response: { 200: migrationPreview, ...problemResponses(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const { caseId } = request.params;
      authorisedCase(caller, caseId, (j) => ({ kind: 'case.migrate', case: j }));
      return viaClient(() => cases.previewMigration(caseId, request.body.version));
    },
  );

  app.post(
    '/cases/:caseId/migration/apply',
    {
      config: { audit: 'case.migration.apply' },
      schema: {
        ...secured,
        summary: 'Apply a previewed migration (refused if the case moved since the preview)',
        params: caseParams,
        body: migrationBody.extend({
          digest: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'must be the digest of a migration preview'),
          reason: z.string().trim().min(1).max(2000),
        }),
        response: { 200: migrationPreview, ...problemResponses(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const { caseId } = request.params;
      authorisedCase(caller, caseId, (j) => ({ kind: 'case.migrate', case: j }));
      const { version: v, digest, reason } = request.body;
      // Who decided is the verified caller, never a name the body carries.
      return viaClient(() => cases.applyMigration(caseId, v, { digest, by: caller.subject, reason }));
    },
  );
  done();
};
