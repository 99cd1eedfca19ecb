// The read model's source of truth, read back from Temporal: every case workflow's runs (continue-as-new
// included), and in each run's history the effect batches the workflow handed its projection activity, decoded
// (decrypted) by the client's data converter. Re-projecting them in order rebuilds the read model exactly as
// the live activities wrote it: same batches, same effect ids. A batch scheduled once and retried appears once.
import type { Client } from '@temporalio/client';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import type { ProjectionBatch } from '../activities/projection-batch';
import { translated } from './case-client-error';

const PROJECTION_ACTIVITY = 'projectCaseEffects';

/** The ids of every case workflow visibility knows (running, closed or continued as new), in id order. */
export function listCaseIds(client: Client): Promise<string[]> {
  return translated(client.options.namespace, async () => {
    const ids = new Set<string>();
    for await (const wf of client.workflow.list({ query: `WorkflowType = 'caseWorkflow'` })) ids.add(wf.workflowId);
    return [...ids].sort();
  });
}

/**
 * The effect batches a case handed its projection activity, run after run (oldest first: each run's history
 * names the run it continued), in the order it scheduled them.
 */
export async function caseBatches(client: Client, caseId: string): Promise<ProjectionBatch[]> {
  return translated(client.options.namespace, async () => {
    const runs: ProjectionBatch[][] = [];
    let runId: string | undefined;
    for (;;) {
      const history = await client.workflow.getHandle(caseId, runId).fetchHistory();
      const events = history.events ?? [];
      const batches: ProjectionBatch[] = [];
      for (const event of events) {
        const scheduled = event.activityTaskScheduledEventAttributes;
        if (scheduled?.activityType?.name !== PROJECTION_ACTIVITY) continue;
        batches.push(await decodeFromPayloadsAtIndex<ProjectionBatch>(client.options.loadedDataConverter, 0, scheduled.input?.payloads));
      }
      runs.push(batches);
      const previous = events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
      if (!previous) break;
      runId = previous;
    }
    return runs.reverse().flat();
  });
}

/** Every case's batches, case by case, for a rebuild; `caseIds` names the cases (where visibility cannot list). */
export async function* caseProjectionBatches(client: Client, options: { caseIds?: string[] } = {}): AsyncGenerator<ProjectionBatch> {
  for (const caseId of options.caseIds ?? (await listCaseIds(client))) for (const batch of await caseBatches(client, caseId)) yield batch;
}
