// What each case workflow evaluates of the production bundle. The SDK runs every workflow of a thread in one V8
// context and evaluates, per workflow, each module that is not preloaded; so what a case imports is paid by every
// case a worker holds (time to start or replay it, memory while cached). The SOP pack format's schemas are read
// only when a pack is compiled (workflows/pack-schemas-lazy.ts), and so is the compiler itself, with json-rules-engine
// and xstate (workflows/sop-compiler-lazy.ts): a compiled SOP is shared by a worker's cases, so few compile one.
import { describe, expect, it } from 'vitest';
import { workflowsPath } from '../../worker/create-worker';
import { bundleSopflowWorkflows } from '../../worker/workflow-bundle';
import { quietBundlerLogger, workflowModuleContext } from '../support/workflow-modules';

async function workflowModules(): Promise<string[]> {
  const code = await bundleSopflowWorkflows(workflowsPath, { logger: quietBundlerLogger });
  return [...workflowModuleContext(code).startWorkflow().keys()].map(String);
}

describe('the production workflow bundle', () => {
  // That the compiler still reads packs through them in a workflow is what every case run on a worker shows (the
  // first case of each SOP compiles it there: test/temporal).
  it('starts a case without the compiler, json-rules-engine, xstate or the SOP pack format’s schemas: lazy stand-ins hold their place', { timeout: 60_000 }, async () => {
    const started = await workflowModules();
    expect(started).toContain('./workflows/case-workflow.ts');
    expect(started).toContain('./workflows/sop-compiler-lazy.ts');
    for (const compiler of ['sop-compiler', 'compile-sop', 'pack-schemas', 'rules-engine', 'case-machine']) expect(started).not.toContain(`./rules/compiler/${compiler}.ts`);
    expect(started.filter((m) => /node_modules\/(xstate|json-rules-engine)\//.test(m))).toEqual([]);
    // zod is preloaded, shared by the context's workflows (workflows/shared-core.ts); the schemas built on it are not.
    expect(started.filter((m) => /node_modules\/zod\//.test(m))).toEqual([]);
    expect(started).toContain('./rules/schema/case-facts.ts');
    for (const schema of ['sop-pack', 'sop-overlay', 'lifecycle', 'gate', 'roles-and-ladders', 'clock', 'calendar', 'conditions']) expect(started).not.toContain(`./rules/schema/${schema}.ts`);
  });
});
