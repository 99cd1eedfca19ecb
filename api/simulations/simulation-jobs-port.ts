// What the simulation routes need of the job runner: the Temporal-backed implementation (client/) or a test's.
import type { Client } from '@temporalio/client';
import type { SimulationJobInput } from '../../activities/simulation-job';
import { getSimulationJob, simulationJobReport, startSimulationJob, type SimulationJobView } from '../../client/simulation-jobs';
import type { SimulationReport } from '../../simulator/simulation-types';

export interface SimulationJobsPort {
  start(input: SimulationJobInput): Promise<{ jobId: string }>;
  get(province: string, jobId: string): Promise<SimulationJobView | undefined>;
  report(province: string, jobId: string): Promise<SimulationReport | undefined>;
}

export function temporalSimulationJobs(client: Client, taskQueue: string): SimulationJobsPort {
  return {
    start: (input) => startSimulationJob(client, input, taskQueue),
    get: (province, jobId) => getSimulationJob(client, province, jobId),
    report: (province, jobId) => simulationJobReport(client, province, jobId),
  };
}
