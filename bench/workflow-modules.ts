// `npm run bench:modules`: what each case workflow pays for the modules it imports. The SDK runs a thread's
// workflows in one V8 context and evaluates, per workflow, every module the bundle does not preload: that is paid
// on every case a worker starts or replays (after a restart, every case it touches), and held while it is cached.
// Evaluates the production bundle's workflow modules `--workflows` times the way the SDK's reusable context does
// and prints modules, ms and heap per workflow. Run with node's --expose-gc (the npm script does). Asserts nothing.
import { parseArgs } from 'node:util';
import { workflowsPath } from '../worker/create-worker';
import { bundleSopflowWorkflows } from '../worker/workflow-bundle';
import { quietBundlerLogger, workflowModuleContext } from '../test/support/workflow-modules';
import { integerFlag } from './integer-flag';

const { values: args } = parseArgs({ options: { workflows: { type: 'string', default: '200' } } });
const N = integerFlag('bench:modules', 'workflows', args.workflows, 1);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('bench:modules: run with node --expose-gc (npm run bench:modules does)');

const code = await bundleSopflowWorkflows(workflowsPath, { logger: quietBundlerLogger });
const context = workflowModuleContext(code);

const held: Map<string | symbol, unknown>[] = [];
gc();
const before = process.memoryUsage().heapUsed;
const started = performance.now();
for (let i = 0; i < N; i++) held.push(context.startWorkflow());
const ms = (performance.now() - started) / N;
gc();
const heap = (process.memoryUsage().heapUsed - before) / N / 1024;
const modules = [...held[0]!.keys()].map(String);
const byPackage = new Map<string, number>();
for (const m of modules) {
  const key = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(m)?.[1] ?? m.split('/').slice(0, 3).join('/');
  byPackage.set(key, (byPackage.get(key) ?? 0) + 1);
}
console.log(`bench:modules — ${N} case workflows' modules in one context (node ${process.version})`);
console.log(`shared (preloaded) modules ${context.sharedCount}; per workflow ${modules.length} modules, ${ms.toFixed(2)} ms, ${heap.toFixed(0)} KiB of heap`);
console.log(`per workflow, by package or folder: ${[...byPackage].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ')}`);
