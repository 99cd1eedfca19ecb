// The workflow bundle's entry point: every workflow the worker hosts is exported here.
export { timerProbeWorkflow } from './timer-probe';
export { caseWorkflow } from './case-workflow';
export { escalationTaskWorkflow } from './escalation-task';
export { benchNoopCaseWorkflow } from './bench-noop-case';
export { simulationJobWorkflow } from './simulation-job';
