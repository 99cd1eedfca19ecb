// Simulations through the API on the real stack (dev server, sopflow worker): a policy analyst starts a job and
// gets 202 at once, polls its heartbeated progress, and fetches the report as JSON and HTML; another province's
// analyst cannot find the job, other roles may not run one, and a bad cohort ends the job as failed, saying why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporalSimulationJobs } from '../../api/simulations/simulation-jobs-port';
import { workerForSuite } from '../support/temporal';
import { apiHarness, PEOPLE, sopCatalogue, type Harness } from './api-harness';

const punjabAnalyst = { sub: 'u-punjab-analyst', roles: ['policy_analyst'], province: 'punjab' };
const sindhAnalyst = { sub: 'u-sindh-analyst', roles: ['policy_analyst'], province: 'sindh' };

interface JobView {
  jobId: string;
  status: string;
  progress: { done: number; total: number } | null;
  failure: string | null;
}

describe('simulation jobs through the API', () => {
  const suite = workerForSuite('dev', 'simulations');
  let h: Harness;
  beforeAll(async () => {
    h = await apiHarness({ deps: { simulations: { jobs: temporalSimulationJobs(suite.env().client, suite.taskQueue), catalogue: sopCatalogue() } } });
  });
  afterAll(() => h?.close());

  const call = async (method: 'GET' | 'POST', url: string, claims: object, payload?: object) =>
    h.app.inject({ method, url, headers: { authorization: `Bearer ${await h.token(claims)}` }, ...(payload ? { payload } : {}) });

  async function pollUntilClosed(jobId: string): Promise<JobView[]> {
    const seen: JobView[] = [];
    for (let i = 0; i < 600; i++) {
      const view = (await call('GET', `/simulations/${jobId}`, punjabAnalyst)).json<JobView>();
      seen.push(view);
      if (view.status !== 'running') return seen;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('the job did not finish in 120 s');
  }

  it('starts a durable job, reports progress while it runs, and serves its report', async () => {
    const started = await call('POST', '/simulations', punjabAnalyst, { baseline: '2026.1', proposal: '2026.2', cases: 150, replicates: 2, seed: 2026 });
    expect(started.statusCode).toBe(202);
    const { jobId } = started.json<JobView>();
    expect(started.headers.location).toBe(`/simulations/${jobId}`);

    // Not finished yet: the report is a conflict, not an empty answer.
    const early = await call('GET', `/simulations/${jobId}/report.json`, punjabAnalyst);
    if ((await call('GET', `/simulations/${jobId}`, punjabAnalyst)).json<JobView>().status === 'running') {
      expect(early.statusCode).toBe(409);
      expect(early.json()).toMatchObject({ code: 'simulation-not-finished' });
    }

    const seen = await pollUntilClosed(jobId);
    const total = 2 * 150 * 2; // baseline and proposal, per replicate
    const running = seen.filter((v) => v.status === 'running' && v.progress);
    expect(running.length).toBeGreaterThan(0);
    expect(running.every((v) => v.progress!.total === total && v.progress!.done < total)).toBe(true);
    expect(seen.at(-1)).toMatchObject({ status: 'completed', progress: { done: total, total }, failure: null });

    const json = await call('GET', `/simulations/${jobId}/report.json`, punjabAnalyst);
    expect(json.statusCode).toBe(200);
    const report = json.json<{ meta: { casesPerReplicate: number; replicates: number; proposal: { version: string } }; deltas: unknown[] }>();
    expect(report.meta).toMatchObject({ casesPerReplicate: 150, replicates: 2, proposal: { version: '2026.2' } });
    expect(report.deltas.length).toBeGreaterThan(0);
    const html = await call('GET', `/simulations/${jobId}/report.html`, punjabAnalyst);
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.body).toMatch(/<html/i);

    // Another province's analyst cannot find it; a station officer may not run or read simulations.
    expect((await call('GET', `/simulations/${jobId}`, sindhAnalyst)).statusCode).toBe(404);
    expect((await call('GET', `/simulations/${jobId}/report.json`, sindhAnalyst)).statusCode).toBe(404);
    expect((await call('GET', `/simulations/${jobId}`, PEOPLE.lahoreSho)).statusCode).toBe(403);
    expect((await call('POST', '/simulations', PEOPLE.punjabPg, { baseline: '2026.1', proposal: '2026.2' })).statusCode).toBe(403);
    const audit = await h.audit.query({ action: 'simulation.start', limit: 10 });
    expect(audit.map((e) => [e.subject, e.outcome])).toContainEqual(['u-punjab-analyst', 'ok']);
  }, 150_000);

  it('refuses an unknown SOP version at the edge, and a job whose cohort does not exist fails saying why', async () => {
    const bad = await call('POST', '/simulations', punjabAnalyst, { baseline: '2026.1', proposal: '2099.1' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'sop-version-not-found', fields: [{ path: 'body.proposal' }] });

    const started = await call('POST', '/simulations', punjabAnalyst, { baseline: '2026.1', proposal: '2026.2', cohort: 'no-such-cohort', cases: 5 });
    expect(started.statusCode).toBe(202);
    const seen = await pollUntilClosed(started.json<JobView>().jobId);
    expect(seen.at(-1)!.status).toBe('failed');
    expect(seen.at(-1)!.failure).toMatch(/^cohort: .*no-such-cohort/);
  }, 60_000);
});
