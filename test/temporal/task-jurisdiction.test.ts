// Supervisors list their open tasks through Temporal visibility (dev server), scoped by jurisdiction:
// a supervisor of district A never sees district B's tasks.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadBundleFile } from '../../sources/load-sources';
import { openTasksQuery } from '../../client/task-query';
import { contentHash } from '../../rules/compiler/content-hash';
import { caseWorkflowId } from '../../workflows/case-identity';
import { caseWorkflow } from '../../workflows/case-workflow';
import { workerForSuite } from '../support/temporal';

const DAY = 86_400_000;

describe('task lists by jurisdiction', () => {
  const suite = workerForSuite('dev', 'jurisdiction');
  const { taskQueue } = suite;
  // Unique district names per run: the dev server is shared by the whole test run.
  const run = randomUUID().slice(0, 8);
  const districtA = `lahore-${run}`;
  const districtB = `multan-${run}`;

  async function listIds(query: string): Promise<string[]> {
    const ids: string[] = [];
    for await (const wf of suite.env().client.workflow.list({ query })) ids.push(wf.workflowId);
    return ids.sort();
  }

  it('an SHO of district A sees the tasks of district A only; a bad scope is refused before any query', async () => {
    const env = suite.env();
    const bundle = loadBundleFile('sop-definitions/punjab/punjab-2026.1.yaml');
    const sop = { hash: contentHash(bundle) };
    // FIRs registered 20 days ago with no interim report: the interim-report clock is breached on opening.
    const firAt = Date.now() - 20 * DAY;
    const cases = [
      { district: districtA, fir: '11' },
      { district: districtA, fir: '12' },
      { district: districtB, fir: '13' },
    ];
    for (const c of cases) {
      const id = caseWorkflowId({ province: 'punjab', district: c.district, policeStation: 'city', firNumber: c.fir, year: 2026 });
      await env.client.workflow.start(caseWorkflow, {
        taskQueue,
        workflowId: id,
        args: [{ caseId: id, sop, firAt, facts: { province: 'punjab', district: c.district, policeStation: 'city', fir: { number: c.fir, year: 2026 }, offence: { class: 'theft' } } }],
      });
    }

    const queryA = openTasksQuery({ province: 'punjab', district: districtA, role: 'sho' });
    const queryB = openTasksQuery({ province: 'punjab', district: districtB, role: 'sho' });
    let a: string[] = [];
    let b: string[] = [];
    for (let i = 0; i < 100 && (a.length < 2 || b.length < 1); i++) {
      [a, b] = [await listIds(queryA), await listIds(queryB)];
      if (a.length < 2 || b.length < 1) await new Promise((r) => setTimeout(r, 200));
    }
    expect(a).toEqual([
      `case/punjab/${districtA}/city/11-2026/task/breach:interim-report#1`,
      `case/punjab/${districtA}/city/12-2026/task/breach:interim-report#1`,
    ]);
    expect(b).toEqual([`case/punjab/${districtB}/city/13-2026/task/breach:interim-report#1`]);
    expect(await listIds(openTasksQuery({ province: 'punjab', district: districtA, role: 'sdpo' }))).toEqual([]);

    // Scope values are ids, never query text.
    expect(() => openTasksQuery({ province: 'punjab', district: `${districtA}' OR SopflowDistrict != '`, role: 'sho' })).toThrow(/must be letters, digits/);
    expect(() => openTasksQuery({ province: 'punjab', district: districtA, role: "sho' OR 1=1" })).toThrow(/must be a role id/);

    for (const c of cases) {
      const id = caseWorkflowId({ province: 'punjab', district: c.district, policeStation: 'city', firNumber: c.fir, year: 2026 });
      await env.client.workflow.getHandle(id).terminate('test finished');
    }
  });
});
