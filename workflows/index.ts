// The production workflow bundle's entry point: every workflow a sopflow worker hosts, and nothing else.
// Benchmarks and tests bundle their own entries (bench/workflows/index.ts, test/support/workflows/index.ts),
// which add their probes to these.
export { caseWorkflow } from './case-workflow';
export { escalationTaskWorkflow } from './escalation-task';
export { simulationJobWorkflow } from './simulation-job';
