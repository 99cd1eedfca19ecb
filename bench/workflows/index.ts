// The benchmarks' workflow bundle: the production workflows plus the no-op baseline of `npm run bench:cases`.
export * from '../../workflows/index';
export { benchNoopCaseWorkflow } from './bench-noop-case';
