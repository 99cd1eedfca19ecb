// The read model's source of truth, read back from Temporal: every case workflow's runs (continue-as-new
// included), and in each run's history the effect batches the workflow handed its projection activity (or, since
// patch 'local-projection', the batches its step local activity projected, in their markers), decoded
// (decrypted) by the client's data converter. Re-projecting them in order rebuilds the read model exactly as
// the live activities wrote it: same batches, same effect ids. A batch scheduled once and retried appears once.
import type { Client } from '@temporalio/client';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import type { RecordedStep } from '../activities/index';
import type { ProjectionBatch } from '../activities/projection-batch';
import { translated } from './case-client-error';

const PROJECTION_ACTIVITY = 'projectCaseEffects';
/** Since patch 'local-projection' a step's batch is projected by this local activity and kept in its marker's result. */
const STEP_LOCAL_ACTIVITY = 'recordCaseStep';
const LOCAL_ACTIVITY_MARKER = 'core_local_activity';

type HistoryEvent = NonNullable<Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>>['events']>[number];

/** The batch one history event carries to the projection, if it does: an activity's input or a local activity's result. */
async function batchOf(client: Client, event: HistoryEvent): Promise<ProjectionBatch | null> {
  const scheduled = event.activityTaskScheduledEventAttributes;
  if (scheduled) return scheduled.activityType?.name === PROJECTION_ACTIVITY ? decodeFromPayloadsAtIndex<ProjectionBatch>(client.options.loadedDataConverter, 0, scheduled.input?.payloads) : null;
  const marker = event.markerRecordedEventAttributes;
  if (marker?.markerName !== LOCAL_ACTIVITY_MARKER || marker.failure) return null;
  // The marker's data (written by the SDK's core, as JSON) names the activity; its result is the activity's answer.
  const data = await decodeFromPayloadsAtIndex<{ activity_type?: string; activityType?: string }>(client.options.loadedDataConverter, 0, marker.details?.data?.payloads);
  if ((data.activity_type ?? data.activityType) !== STEP_LOCAL_ACTIVITY) return null;
  const result = await decodeFromPayloadsAtIndex<RecordedStep>(client.options.loadedDataConverter, 0, marker.details?.result?.payloads);
  return result.projected;
}

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
        const batch = await batchOf(client, event);
        if (batch) batches.push(batch);
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
