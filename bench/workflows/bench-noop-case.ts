// The baseline of `npm run bench:cases`: takes the case workflow's input and its event Updates, and does
// nothing with them. Temporal's own cost for the same traffic, so the bench can show what sopflow adds.
import { condition, setHandler } from '@temporalio/workflow';
import { caseEventUpdate, type CaseEventReply } from '../../workflows/case-messages';
import type { CaseWorkflowInput } from '../../workflows/case-workflow';

export async function benchNoopCaseWorkflow(_input: CaseWorkflowInput): Promise<void> {
  let received = 0;
  setHandler(caseEventUpdate, (): CaseEventReply => {
    received++;
    return { status: 'applied', stage: `noop-${received}` };
  });
  // Runs until the bench's server stops, as a case does.
  await condition(() => false);
}
