// `npm run bench:replay`: what a cold worker pays per case. After a worker restart every case it touches is replayed
// from its whole history (its cache went with the old process), so a replay's cost times the cases a worker holds
// is how long a restarted worker is behind, and how late a clock due meanwhile fires. Replays the saved histories
// (test/histories: cases recorded by several versions of the workflow) against this commit's production bundle,
// `--rounds` times over `--copies` copies of each, and prints ms per replay. Prints figures; asserts nothing.
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { savedHistories } from '../test/histories/saved-histories';
import { testDataConverter } from '../test/support/test-payload-key';
import { workflowsPath } from '../worker/create-worker';
import { bundleSopflowWorkflows } from '../worker/workflow-bundle';
import { integerFlag } from './integer-flag';

const { values: args } = parseArgs({ options: { copies: { type: 'string', default: '12' }, rounds: { type: 'string', default: '2' } } });
const COPIES = integerFlag('bench:replay', 'copies', args.copies, 1);
const ROUNDS = integerFlag('bench:replay', 'rounds', args.rounds, 1);

Runtime.install({ logger: new DefaultLogger('ERROR') });
const saved = savedHistories().filter((h) => !h.file.endsWith('.task.json'));
const code = await bundleSopflowWorkflows(workflowsPath);

console.log(`bench:replay — ${saved.length} saved case histories × ${COPIES} copies, ${ROUNDS} rounds, one replay worker; ${os.cpus().length} cores, node ${process.version}`);
for (const h of saved) {
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    for await (const r of Worker.runReplayHistories({ workflowBundle: { code }, dataConverter: testDataConverter }, Array.from({ length: COPIES }, () => h))) {
      if (r.error) throw new Error(`${h.file}: ${r.error.message}`);
    }
    times.push((performance.now() - started) / COPIES);
  }
  // Older cases carry the whole SOP bundle in their input (and compile it on every replay); newer ones its hash.
  const inputBytes = (h.history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? []).reduce((n, p) => n + (p.data?.length ?? 0), 0);
  console.log(`${h.file.padEnd(66)} ${String(h.history.events?.length ?? 0).padStart(4)} events, input ${(inputBytes / 1024).toFixed(0).padStart(4)} KiB: ${Math.min(...times).toFixed(1).padStart(6)} ms per replay (best round)`);
}
