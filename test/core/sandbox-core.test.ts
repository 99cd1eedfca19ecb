// The pure core must run unchanged inside Temporal's workflow sandbox (no structuredClone, no crypto, no
// Node built-ins, Date replaced): a scenario run there matches the same scenario run in Node.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadBundleFile } from '../../sources/load-sources';
import { loadScenario } from '../../rules/scenarios/load-scenario';
import { runScenario } from '../../rules/scenarios/run-scenario';
import { coreHost } from '../../rules/scenarios/scenario-host';
import { environmentForSuite, sandboxProbeWorker } from '../support/temporal';
import type { coreScenarioProbe } from './sandbox-core-workflow';

describe('the SOP core inside the Temporal workflow sandbox', () => {
  const suiteEnv = environmentForSuite('timeSkipping');

  it('compiles the Punjab pack and runs a scenario with the same result as in Node', async () => {
    const env = suiteEnv();
    const file = 'sop-definitions/punjab/scenarios/01-theft-no-interim-report.yaml';
    const loaded = loadScenario({ file, text: fs.readFileSync(file, 'utf8') });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const bundle = loadBundleFile('sop-definitions/punjab/punjab-2026.1.yaml');

    const { worker, taskQueue } = await sandboxProbeWorker(env, fileURLToPath(new URL('./sandbox-core-workflow.ts', import.meta.url)), 'core-sandbox');
    const inSandbox = await worker.runUntil(
      env.client.workflow.execute<typeof coreScenarioProbe>('coreScenarioProbe', { taskQueue, workflowId: taskQueue, args: [bundle, loaded.value] }),
    );
    const inNode = await runScenario(loaded.value, coreHost(bundle));

    expect(inSandbox.passed).toBe(true);
    expect(inSandbox).toEqual(inNode);
    expect(inSandbox.escalationTrace.map((e) => `${e.role}@${e.at}`)).toEqual(['sho@day 18 00:00', 'sdpo@day 21 00:00', 'sdpo@day 22 12:00']);
  });
});
