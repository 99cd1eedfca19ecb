// Records the complete histories replayed by test/temporal/replay-histories.test.ts: representative cases run
// through the real case workflow on the time-skipping server, each saved with the escalation tasks it opened.
// Run `npm run histories:record` after a deliberate, versioned change to workflow code, and commit the result;
// a change that breaks replay without re-recording fails `npm test`.
import fs from 'node:fs';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import { expect, it } from 'vitest';
import { loadBundleFile } from '../../sources/load-sources';
import { loadScenario } from '../../rules/scenarios/load-scenario';
import { runScenario } from '../../rules/scenarios/run-scenario';
import { taskWorkflowId } from '../../workflows/case-identity';
import { caseStateQuery } from '../../workflows/case-messages';
import { sopDefinitionsDir } from '../support/scenario-files';
import { temporalHost } from '../support/temporal-scenario-host';
import { terminateWhenIdle, workerForSuite } from '../support/temporal';

export const REPRESENTATIVE_SCENARIOS = [
  'punjab/scenarios/01-theft-no-interim-report.yaml', // a breach climbing the police ladder
  'punjab/scenarios/05-murder-returned-challan-gate-escalation.yaml', // gate failures, defects cured
  'khyber-pakhtunkhwa/scenarios/01-murder-no-interim-report-ack-and-reassign.yaml', // supervisor actions
  'sindh/scenarios/02-dacoity-absconding-and-stay-tolling.yaml', // tolling pauses and resumes
  'balochistan/scenarios/08-murder-acquittal-state-appeal-late.yaml', // through judgment to the appeal window
];
const outDir = path.dirname(new URL(import.meta.url).pathname);
// `SOPFLOW_HISTORIES=punjab/scenarios/01-theft-no-interim-report.yaml SOPFLOW_HISTORY_TAG=by-hash npm run
// histories:record` adds the histories of a new workflow version beside the old ones instead of replacing them.
const only = process.env.SOPFLOW_HISTORIES?.split(',').filter(Boolean);
const tag = process.env.SOPFLOW_HISTORY_TAG ? `.${process.env.SOPFLOW_HISTORY_TAG}` : '';

const suite = workerForSuite('timeSkipping', 'record-histories');

it('records the representative histories', { timeout: 300_000 }, async () => {
  const env = suite.env();
  for (const relative of only ?? REPRESENTATIVE_SCENARIOS) {
    const file = path.join(sopDefinitionsDir, relative);
    const loaded = loadScenario({ file, text: fs.readFileSync(file, 'utf8') });
    if (!loaded.ok) throw new Error(`${relative}: ${JSON.stringify(loaded.errors)}`);
    const bundle = loadBundleFile(path.resolve(path.dirname(file), loaded.value.pack));
    const caseId = `history/${relative.replace(/\.yaml$/, '')}${tag}`;
    const report = await runScenario(loaded.value, temporalHost(env, bundle, suite.taskQueue, caseId));
    expect(report.passed, `${relative} must pass before its history is recorded`).toBe(true);
    const state = await env.client.workflow.getHandle(caseId).query(caseStateQuery);
    await terminateWhenIdle(env, caseId, 'recorded');
    const name = path.basename(relative, '.yaml');
    const ids = [caseId, ...state.escalations.slice(0, 1).map((e) => taskWorkflowId(caseId, e.id))];
    for (const [i, workflowId] of ids.entries()) {
      await terminateWhenIdle(env, workflowId, 'recorded');
      const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
      // A history worth replaying is complete: the workflow ended (on its own, or terminated by the recorder).
      const { EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED: completed, EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED: terminated } = temporal.api.enums.v1.EventType;
      expect([completed, terminated], workflowId).toContain(history.events?.at(-1)?.eventType);
      const out = path.join(outDir, `${path.basename(path.dirname(path.dirname(relative)))}-${name}${tag}${i === 0 ? '' : '.task'}.json`);
      fs.writeFileSync(out, `${JSON.stringify({ workflowId, history: JSON.parse(historyToJSON(history)) as unknown })}\n`);
      console.log(`recorded ${path.relative(process.cwd(), out)} (${history.events?.length ?? 0} events)`);
    }
  }
});
