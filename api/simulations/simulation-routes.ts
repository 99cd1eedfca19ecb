// Simulation routes, for the policy analysts of a province: start a simulation of a proposed SOP against the one
// in force (a durable job: 202 at once, the run goes on in a Temporal workflow), poll it for progress, fetch its
// report as JSON or HTML. Jobs live under the caller's province: another province's job is "not found".
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SimulationReport } from '../../simulator/simulation-types';
import { reportHtml } from '../../simulator/report/report-html';
import { mayAct } from '../auth/authorisation';
import { callerOf } from '../auth/authentication';
import type { Caller } from '../auth/caller';
import { ApiProblem, problemResponses } from '../problem';
import type { SopCatalogue } from '../sop-packs/sop-catalogue';
import type { SimulationJobsPort } from './simulation-jobs-port';

export interface SimulationRouteOptions {
  jobs: SimulationJobsPort;
  catalogue: SopCatalogue;
}

const version = z.string().regex(/^\d{4}\.\d+$/, 'must be a version such as 2026.1');
const startBody = z
  .object({
    baseline: version.describe('the SOP version in force'),
    proposal: version.describe('the proposed SOP version'),
    cohort: z.string().regex(/^[a-z0-9][a-z0-9-]{0,80}$/, 'must be a cohort name such as punjab-2026').optional().describe('default: <province>-2026'),
    cases: z.number().int().min(1).max(5000).default(200),
    seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
    replicates: z.number().int().min(1).max(20).default(1),
  })
  .strict()
  .meta({ id: 'SimulationStart' });

const jobView = z
  .object({
    jobId: z.string(),
    province: z.string(),
    status: z.enum(['running', 'completed', 'failed']),
    progress: z.object({ done: z.number().int(), total: z.number().int() }).nullable(),
    startedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    failure: z.string().nullable(),
  })
  .meta({ id: 'SimulationJob' });

const row = z.record(z.string(), z.unknown());
const reportSchema = z
  .object({
    meta: z.object({
      tool: z.string(),
      baseline: z.object({ path: z.string(), sopHash: z.string(), version: z.string() }),
      proposal: z.object({ path: z.string(), sopHash: z.string(), version: z.string() }),
      source: z.object({ kind: z.string(), path: z.string() }),
      seed: z.number(),
      replicates: z.number(),
      casesPerReplicate: z.number(),
    }),
    catalogue: z.array(row),
    baseline: z.array(row),
    proposal: z.array(row),
    deltas: z.array(row),
  })
  .meta({ id: 'SimulationReport' });

const jobParams = z.object({ jobId: z.uuid('must be a job id as POST /simulations returned it') });
const secured = { security: [{ bearer: [] }], tags: ['simulations'] };

export const simulationRoutes: FastifyPluginCallbackZod<SimulationRouteOptions> = (app, { jobs, catalogue }, done) => {
  const analyst = (caller: Caller): void => {
    const decision = mayAct(caller, { kind: 'simulation.run' });
    if (!decision.ok) throw new ApiProblem(decision.status, decision.code, decision.detail);
  };
  const finishedReport = async (caller: Caller, jobId: string): Promise<SimulationReport> => {
    const view = await jobs.get(caller.jurisdiction.province, jobId);
    if (!view) throw new ApiProblem(404, 'not-found', 'no such resource');
    if (view.status !== 'completed') throw new ApiProblem(409, 'simulation-not-finished', `the job is ${view.status}; poll GET /simulations/${jobId} until it is completed`);
    const report = await jobs.report(caller.jurisdiction.province, jobId);
    if (!report) throw new ApiProblem(404, 'not-found', 'no such resource');
    return report;
  };

  app.post(
    '/simulations',
    {
      config: { audit: 'simulation.start' },
      schema: { ...secured, summary: 'Start a simulation of a proposed SOP (a durable job)', body: startBody, response: { 202: jobView, ...problemResponses(400, 401, 403) } },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      analyst(caller);
      const province = caller.jurisdiction.province;
      const body = request.body;
      for (const field of ['baseline', 'proposal'] as const) {
        if (!catalogue.get(province, body[field])) {
          const known = catalogue.list(province).map((p) => p.version);
          throw new ApiProblem(400, 'sop-version-not-found', `${province} has no SOP version ${body[field]}`, [{ path: `body.${field}`, message: `must be one of: ${known.join(', ')}` }]);
        }
      }
      const { jobId } = await jobs.start({
        province,
        baselineVersion: body.baseline,
        proposalVersion: body.proposal,
        cohort: body.cohort ?? `${province}-2026`,
        cases: body.cases,
        seed: body.seed,
        replicates: body.replicates,
      });
      void reply.status(202).header('location', `/simulations/${jobId}`);
      return { jobId, province, status: 'running' as const, progress: null, startedAt: null, closedAt: null, failure: null };
    },
  );

  app.get(
    '/simulations/:jobId',
    { schema: { ...secured, summary: 'A simulation job: status and progress', params: jobParams, response: { 200: jobView, ...problemResponses(400, 401, 403, 404) } } },
    async (request) => {
      const caller = callerOf(request);
      analyst(caller);
      const view = await jobs.get(caller.jurisdiction.province, request.params.jobId);
      if (!view) throw new ApiProblem(404, 'not-found', 'no such resource');
      return view;
    },
  );

  app.get(
    '/simulations/:jobId/report.json',
    { schema: { ...secured, summary: 'A finished simulation’s report', params: jobParams, response: { 200: reportSchema, ...problemResponses(400, 401, 403, 404, 409) } } },
    async (request) => {
      const caller = callerOf(request);
      analyst(caller);
      return (await finishedReport(caller, request.params.jobId)) as unknown as z.infer<typeof reportSchema>;
    },
  );

  app.get(
    '/simulations/:jobId/report.html',
    {
      schema: {
        ...secured,
        summary: 'A finished simulation’s report as a self-contained page',
        params: jobParams,
        response: { 200: { description: 'the report page', content: { 'text/html': { schema: z.string() } } }, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      analyst(caller);
      const html = reportHtml(await finishedReport(caller, request.params.jobId));
      // The page is self-contained (inline script and styles, charts drawn in place): it may run only its own code.
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:")
        .serializer((x: unknown) => x as string)
        .send(html);
    },
  );
  done();
};
