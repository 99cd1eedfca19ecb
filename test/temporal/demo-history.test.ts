// `npm start -- --demo` on the dev server: the synthetic Punjab history opens cases at the demo people's police
// stations with their clocks running and some escalated, and a second load changes nothing.
import { describe, expect, it } from 'vitest';
import { loadDemoHistory } from '../../cli/demo-history';
import { caseView } from '../../client/case-view';
import { workerForSuite } from '../support/temporal';

describe('the demo history', () => {
  const suite = workerForSuite('dev', 'demo-history');

  it('opens cases at the demo stations with running and escalated clocks, once', async () => {
    const { client } = suite.env();
    const firPrefix = `t${Date.now() % 1_000_000}-`;
    const lines: string[] = [];
    const first = await loadDemoHistory({ client, taskQueue: suite.taskQueue, cases: 8, firPrefix, log: (l) => lines.push(l) });
    expect(first.opened).toBe(8);
    expect(first.existing).toBe(0);
    expect(first.events).toBeGreaterThan(8);

    const again = await loadDemoHistory({ client, taskQueue: suite.taskQueue, cases: 8, firPrefix });
    expect(again).toEqual({ opened: 0, existing: 8, events: 0, refused: 0 });

    const { executions } = await client.workflowService.listWorkflowExecutions({ namespace: 'default', query: `WorkflowType = 'caseWorkflow' AND TaskQueue = '${suite.taskQueue}'` });
    const ids = executions.map((e) => e.execution!.workflowId!);
    expect(ids).toHaveLength(8);
    expect(ids.every((id) => id.includes(`/${firPrefix}`))).toBe(true);
    expect(ids.some((id) => id.startsWith('case/punjab/lahore/model-town/'))).toBe(true);
    const views = await Promise.all(ids.map((id) => caseView(client, id)));
    expect(views.some((v) => v.clocks.some((c) => c.status === 'running'))).toBe(true);
    expect(views.some((v) => v.openEscalations.length > 0)).toBe(true);
  });
});
