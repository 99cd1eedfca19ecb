// The test run's workflow bundle (built once by test/global-setup.ts): the production workflows plus the
// probes only tests start. Workflow type names are the exported names, so saved histories replay against it.
export * from '../../../workflows/index';
export { timerPairProbeWorkflow, timerProbeWorkflow } from './timer-probe';
