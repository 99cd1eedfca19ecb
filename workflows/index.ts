// The workflow bundle's entry point: every workflow the worker hosts is exported here.
export { timerProbeWorkflow } from './timer-probe';
