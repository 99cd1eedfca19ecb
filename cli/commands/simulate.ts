// `sopflow simulate`: the same cases under the current and a proposed SOP, compared KPI by KPI. The engine and
// the report writers load only when the command runs, so the other commands start as fast as before.
import { Command } from 'commander';
import type { SimulateFlags } from '../simulate-inputs';

export function simulateCommand(): Command {
  return new Command('simulate')
    .description('run a cohort (or replay a case-event history) under a baseline and a proposed SOP; compare KPIs')
    .requiredOption('--baseline <pack.yaml>', 'the SOP pack in force')
    .requiredOption('--proposal <pack.yaml>', 'the proposed SOP pack')
    .option('--cohort <spec.yaml>', 'synthetic cases from a cohort spec (sop-definitions/cohorts/)')
    .option('--history <events.csv>', 'replay past cases from a case-event log (one row per event)')
    .option('--cases <n>', 'cases per replicate (cohort only; default: the whole cohort)')
    .option('--seed <s>', 'random seed; the same seed gives the same report', '1')
    .option('--replicates <r>', 'independent replicates, for confidence intervals (cohort only)', '1')
    .option('--threads <t>', 'worker threads (results do not depend on it; default: the cores)')
    .option('--out <report.html>', 'write the HTML report with charts')
    .option('--json <report.json>', 'write every KPI value and delta as JSON')
    .option('--csv <report.csv>', 'write every KPI value and delta as CSV')
    .action(async (flags: SimulateFlags) => {
      const [{ runSimulate }, { runSimulation }] = await Promise.all([import('../simulate-run'), import('../../simulator/run-simulation')]);
      process.exitCode = await runSimulate(flags, runSimulation);
    });
}
