// The scenario files shipped with the SOP core, run end to end through real case workflows on the
// time-skipping server, produce exactly what the pure core produces: same files, both hosts, one assertion.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBundleFile } from '../../sources/load-sources';
import { loadScenario } from '../../rules/scenarios/load-scenario';
import { runScenario } from '../../rules/scenarios/run-scenario';
import { coreHost } from '../../rules/scenarios/scenario-host';
import { temporalHost } from '../support/temporal-scenario-host';
import { shippedScenarioFiles, sopDefinitionsDir } from '../support/scenario-files';
import { terminateWhenIdle, workerForSuite } from '../support/temporal';

const root = sopDefinitionsDir;
const files = shippedScenarioFiles();

// One time-skipping server per province: time skipping is global to a server, and a long run of scenarios on one
// server was seen to leave its time locked (later scenarios then wait out their timeout); a fresh server per
// province bounds what one scenario can do to the next.
const provinces = [...new Set(files.map((f) => path.relative(root, f).split(path.sep)[0]!))];

describe.each(provinces)('scenarios of %s: Temporal case workflows vs the pure core', (province) => {
  const suite = workerForSuite('timeSkipping', `scenario-parity-${province}`);
  const { taskQueue } = suite;
  const mine = files.filter((f) => path.relative(root, f).split(path.sep)[0] === province);

  it.each(mine.map((f) => [path.relative(root, f), f]))('%s', async (name, file) => {
    const loaded = loadScenario({ file, text: fs.readFileSync(file, 'utf8') });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const bundle = loadBundleFile(path.resolve(path.dirname(file), loaded.value.pack));
    const env = suite.env();
    const workflowId = `parity/${name}/${taskQueue}`;
    const [onTemporal, inCore] = [
      await runScenario(loaded.value, temporalHost(env, bundle, taskQueue, workflowId)),
      await runScenario(loaded.value, coreHost(bundle)),
    ];
    // Time skipping is global: a finished scenario's case must not keep firing timers into the next one.
    await terminateWhenIdle(env, workflowId, 'scenario finished');
    expect(onTemporal).toEqual(inCore);
    expect(inCore.passed).toBe(true);
  });
});
