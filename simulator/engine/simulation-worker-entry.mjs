// Worker-thread bootstrap: registers tsx's loader in this thread, then loads the TypeScript worker. (A worker's
// `execArgv: ['--import', 'tsx']` does not reach its own entry module on Node 20, so the loader is registered here.)
import { register } from 'tsx/esm/api';

register();
await import('./simulation-worker.ts');
