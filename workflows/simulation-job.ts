// A simulation as a durable job: the API starts this workflow and returns at once; the simulation runs as one
// activity that heartbeats its progress (read by polling the job) and returns the report as the job's result.
// A worker lost mid-run is noticed by the heartbeat timeout (the SDK sends progress at most every 16 s) and the run starts again elsewhere (it is
// deterministic for its seed, so a rerun gives the same report).
import { proxyActivities } from '@temporalio/workflow';
import type { SopflowActivities } from '../activities/index';
import type { SimulationJobInput } from '../activities/simulation-job';
import type { SimulationReport } from '../simulator/simulation-types';

const { runSimulationJob } = proxyActivities<SopflowActivities>({
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '5 seconds', maximumAttempts: 3 },
});

export async function simulationJobWorkflow(input: SimulationJobInput): Promise<SimulationReport> {
  return await runSimulationJob(input);
}
