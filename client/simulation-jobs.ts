// Simulation jobs through Temporal: start one (a workflow id naming its province, so the payload codec tags its
// payloads with it and no other province's caller can find it), read its status and heartbeated progress, and
// fetch its report once it has finished.
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import type { SimulationJobInput, SimulationProgress } from '../activities/simulation-job';
import type { SimulationReport } from '../simulator/simulation-types';

export const simulationJobWorkflowId = (province: string, jobId: string): string => `simulation/${province}/${jobId}`;

export type SimulationJobStatus = 'running' | 'completed' | 'failed';

export interface SimulationJobView {
  jobId: string;
  province: string;
  status: SimulationJobStatus;
  progress: SimulationProgress | null;
  startedAt: string | null;
  closedAt: string | null;
  /** Why it failed, as the activity said it (messages carry field names, never case data). */
  failure: string | null;
}

export async function startSimulationJob(client: Client, input: SimulationJobInput, taskQueue: string): Promise<{ jobId: string }> {
  const jobId = randomUUID();
  await client.workflow.start('simulationJobWorkflow', { workflowId: simulationJobWorkflowId(input.province, jobId), taskQueue, args: [input] });
  return { jobId };
}

const statusOf = (name: string): SimulationJobStatus => (name === 'RUNNING' ? 'running' : name === 'COMPLETED' ? 'completed' : 'failed');

/** The job, or undefined when the province has no job of that id. */
export async function getSimulationJob(client: Client, province: string, jobId: string): Promise<SimulationJobView | undefined> {
  const handle = client.workflow.getHandle(simulationJobWorkflowId(province, jobId));
  let description;
  try {
    description = await handle.describe();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
  if (description.type !== 'simulationJobWorkflow') return undefined;
  const status = statusOf(description.status.name);
  let progress: SimulationProgress | null = null;
  const heartbeat = description.raw.pendingActivities?.[0]?.heartbeatDetails?.payloads;
  if (heartbeat?.length) progress = await decodeFromPayloadsAtIndex<SimulationProgress>(client.options.loadedDataConverter, 0, heartbeat);
  let failure: string | null = null;
  if (status === 'failed') {
    failure = await handle.result().then(
      () => null,
      (err: unknown) => {
        let e: unknown = err;
        // WorkflowFailedError → ActivityFailure → ApplicationFailure: the innermost message says what was wrong.
        while (e instanceof Error && e.cause instanceof Error) e = e.cause;
        return e instanceof Error ? e.message : 'failed';
      },
    );
  }
  if (status === 'completed') {
    const report = (await handle.result()) as SimulationReport;
    const total = 2 * report.meta.casesPerReplicate * report.meta.replicates;
    progress = { done: total, total };
  }
  return {
    jobId,
    province,
    status,
    progress,
    startedAt: description.startTime.toISOString(),
    closedAt: description.closeTime?.toISOString() ?? null,
    failure,
  };
}

/** The finished job's report; undefined while it runs or when it failed or does not exist. */
export async function simulationJobReport(client: Client, province: string, jobId: string): Promise<SimulationReport | undefined> {
  const view = await getSimulationJob(client, province, jobId);
  if (view?.status !== 'completed') return undefined;
  return (await client.workflow.getHandle(simulationJobWorkflowId(province, jobId)).result()) as SimulationReport;
}
