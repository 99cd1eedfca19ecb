// KPI routes: the harmonised KPIs of the caller's jurisdiction from the read model (the numbers the PPF report
// prints: both call liveKpis), and the case ids behind one number for a dashboard's drill-down. The token's
// jurisdiction is the scope; the query may narrow it (a district within the caller's province) but never widen
// it: another jurisdiction is "not found", like another's case.
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { KPI_CATALOGUE } from '../../rules/kpi/kpi-catalogue';
import type { KpiDimension } from '../../rules/kpi/kpi-observations';
import { kpiCases, UnknownKpiError } from '../../projection/kpi-cases';
import { KpiGroupingError, liveKpis, type KpiFilter } from '../../projection/live-kpis';
import type { ReadModelDb } from '../../projection/read-model';
import { inScope, mayAct, scopeFor } from '../auth/authorisation';
import { callerOf } from '../auth/authentication';
import type { Caller } from '../auth/caller';
import { ApiProblem, problemResponses } from '../problem';

export interface KpiRouteOptions {
  readModel: ReadModelDb;
}

const secured = { security: [{ bearer: [] }], tags: ['kpis'] };
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a FIR month such as 2026-03');
const id = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,80}$/, 'must be an id such as lahore');

/** group-by → the KPI groups it means (each within its province, as the report groups them). */
const GROUP_BY: Record<string, readonly KpiDimension[]> = {
  none: [],
  province: ['province'],
  district: ['province', 'district'],
  policeStation: ['province', 'district', 'policeStation'],
  offenceClass: ['offenceClass'],
  prosecutorOffice: ['province', 'prosecutorOffice'],
  firMonth: ['province', 'firMonth'],
};

const scopeQuery = {
  from: month.describe('first FIR month, inclusive'),
  to: month.describe('last FIR month, inclusive'),
  province: id.optional().describe('default: the caller\u2019s province'),
  district: id.optional(),
  policeStation: id.optional(),
};

const kpiQuery = z
  .object({ ...scopeQuery, groupBy: z.enum(Object.keys(GROUP_BY) as [string, ...string[]]).default('none') })
  .strict()
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'must not be before from' });

const kpiValue = z.object({ kpi: z.string(), group: z.record(z.string(), z.string()), value: z.number(), n: z.number().int() }).meta({ id: 'KpiValue' });
const kpiDefinition = z
  .object({ id: z.string(), label: z.string(), unit: z.enum(['share', 'days', 'count', 'per-month']), better: z.enum(['higher', 'lower', 'neither']), description: z.string(), basis: z.string().optional() })
  .meta({ id: 'KpiDefinition' });
const scopeView = z.object({ province: z.string(), district: z.string().optional(), policeStation: z.string().optional() });

const casesQuery = z
  .object({
    ...scopeQuery,
    offenceClass: id.optional(),
    prosecutorOffice: id.optional(),
    firMonth: month.optional(),
    clock: id.optional(),
    stage: id.optional(),
    role: id.optional(),
    level: z.coerce.number().int().min(0).max(20).optional(),
    month: month.optional().describe('the month of a task landing or falling overdue'),
    outcome: z.enum(['hit', 'miss']).optional().describe('shares: only the cases counted as a hit (met, returned, breached…) or a miss'),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    after: z.string().max(300).optional().describe('the last case id of the previous page'),
  })
  .strict()
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'must not be before from' });

/** The caller's scope narrowed by the query, or a 404 when the query reaches outside it. */
function scopeOf(caller: Caller, q: { province?: string | undefined; district?: string | undefined; policeStation?: string | undefined }): { province: string; district?: string; policeStation?: string } {
  const own = scopeFor(caller);
  const asked = {
    province: q.province ?? own.province,
    ...(q.district ?? own.district ? { district: (q.district ?? own.district)! } : {}),
    ...(q.policeStation ?? own.policeStation ? { policeStation: (q.policeStation ?? own.policeStation)! } : {}),
  };
  if (asked.policeStation && !asked.district) throw new ApiProblem(400, 'invalid-request', 'a police station is given without its district', [{ path: 'querystring.district', message: 'required with policeStation' }]);
  if (!inScope(own, asked as Parameters<typeof inScope>[1])) throw new ApiProblem(404, 'not-found', 'no such resource');
  return asked;
}

function authorise(caller: Caller): void {
  const decision = mayAct(caller, { kind: 'kpi.read' });
  if (!decision.ok) throw new ApiProblem(decision.status, decision.code, decision.detail);
}

export const kpiRoutes: FastifyPluginCallbackZod<KpiRouteOptions> = (app, { readModel }, done) => {
  app.get(
    '/kpis',
    {
      schema: {
        ...secured,
        summary: 'The harmonised KPIs of FIRs registered in a period, within the caller\u2019s jurisdiction, grouped as asked',
        querystring: kpiQuery,
        response: {
          200: z.object({ period: z.object({ fromMonth: z.string(), toMonth: z.string() }), scope: scopeView, groupBy: z.string(), definitions: z.array(kpiDefinition), values: z.array(kpiValue) }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      authorise(caller);
      const q = request.query;
      const scope = scopeOf(caller, q);
      const filter: KpiFilter = { fromMonth: q.from, toMonth: q.to, ...scope };
      try {
        const values = await liveKpis(readModel, filter, [GROUP_BY[q.groupBy]!]);
        return { period: { fromMonth: q.from, toMonth: q.to }, scope, groupBy: q.groupBy, definitions: [...KPI_CATALOGUE], values };
      } catch (e) {
        if (e instanceof KpiGroupingError) throw new ApiProblem(400, 'invalid-request', e.message, [{ path: 'querystring.groupBy', message: e.message }]);
        throw e;
      }
    },
  );

  app.get(
    '/kpis/:kpi/cases',
    {
      schema: {
        ...secured,
        summary: 'The case ids behind one KPI value (its group as query fields), within the caller\u2019s jurisdiction, in id order, paged',
        params: z.object({ kpi: z.string().regex(/^[a-z0-9_.]{1,80}$/, 'must be a KPI id such as challan.return_rate') }),
        querystring: casesQuery,
        response: { 200: z.object({ kpi: z.string(), caseIds: z.array(z.string()), next: z.string().nullable() }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      authorise(caller);
      const q = request.query;
      const scope = scopeOf(caller, q);
      const { kpi } = request.params;
      try {
        const page = await kpiCases(
          readModel,
          kpi,
          { fromMonth: q.from, toMonth: q.to, ...scope },
          {
            ...(q.offenceClass ? { offenceClass: q.offenceClass } : {}),
            ...(q.prosecutorOffice ? { prosecutorOffice: q.prosecutorOffice } : {}),
            ...(q.firMonth ? { firMonth: q.firMonth } : {}),
            ...(q.clock ? { clock: q.clock } : {}),
            ...(q.stage ? { stage: q.stage } : {}),
            ...(q.role ? { role: q.role } : {}),
            ...(q.level !== undefined ? { level: q.level } : {}),
            ...(q.month ? { month: q.month } : {}),
          },
          { limit: q.limit, ...(q.after ? { after: q.after } : {}), ...(q.outcome ? { outcome: q.outcome } : {}) },
        );
        return { kpi, ...page };
      } catch (e) {
        if (e instanceof UnknownKpiError) throw new ApiProblem(404, 'not-found', e.message);
        throw e;
      }
    },
  );
  done();
};
