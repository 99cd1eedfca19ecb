// Runs a scenario through the real case workflow on the time-skipping server: the same ScenarioHost the
// pure core implements, so one scenario file checks both.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { CaseState } from '../../rules/case-engine/index';
import { contentHash } from '../../rules/compiler/content-hash';
import type { SopBundle } from '../../rules/loader/load-sop';
import type { ScenarioHost } from '../../rules/scenarios/scenario-host';
import { advanceToNowUpdate, allowedEventsQuery, appliedOverlaysQuery, caseEventUpdate, caseStateQuery, caseViewQuery, notifyHolidayUpdate } from '../../workflows/case-messages';
import { caseWorkflow } from '../../workflows/case-workflow';

export function temporalHost(env: TestWorkflowEnvironment, bundle: SopBundle, taskQueue: string, workflowId: string): ScenarioHost {
  let offset = 0;
  const handle = () => env.client.workflow.getHandle<typeof caseWorkflow>(workflowId);
  return {
    async open(facts, firAt, notifications = []) {
      offset = firAt - (await env.currentTimeMs());
      await env.client.workflow.start(caseWorkflow, {
        taskQueue,
        workflowId,
        args: [{ caseId: workflowId, sop: { hash: contentHash(bundle), bundle }, facts, firAt, clockOffsetMs: offset, ...(notifications.length > 0 ? { notifications } : {}) }],
      });
    },
    async notifyHoliday(notification) {
      await handle().executeUpdate(notifyHolidayUpdate, { args: [notification] });
    },
    async send(event) {
      try {
        const reply = await handle().executeUpdate(caseEventUpdate, { args: [event] });
        return { status: reply.status };
      } catch (err) {
        if (err instanceof WorkflowUpdateFailedError) return { status: 'rejected', reason: err.cause?.message ?? err.message };
        throw err;
      }
    },
    async advanceTo(at) {
      const target = at - offset;
      const now = await env.currentTimeMs();
      if (target > now) await env.sleep(target - now);
    },
    state: async (): Promise<CaseState> => {
      await handle().executeUpdate(advanceToNowUpdate);
      return handle().query(caseStateQuery);
    },
    appliedOverlays: () => handle().query(appliedOverlaysQuery),
    allowedEvents: () => handle().query(allowedEventsQuery),
    view: () => handle().query(caseViewQuery),
  };
}
