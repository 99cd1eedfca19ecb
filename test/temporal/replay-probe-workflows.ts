// A case workflow changed the way a careless edit would change it (an activity before anything else), to show
// that replaying the saved histories catches such a change.
import { proxyActivities } from '@temporalio/workflow';
import type { SopflowActivities } from '../../activities/index';
import { caseWorkflow as released, type CaseWorkflowInput } from '../../workflows/case-workflow';

const io = proxyActivities<SopflowActivities>({ startToCloseTimeout: '30 seconds' });

export async function caseWorkflow(input: CaseWorkflowInput): ReturnType<typeof released> {
  await io.recordCaseEvents([]);
  return released(input);
}
