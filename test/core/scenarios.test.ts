// Every scenario shipped in sop-definitions/ passes against the pure core.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenarioFile } from '../../cli/commands/test-scenarios';
import { shippedScenarioFiles, sopDefinitionsDir } from '../support/scenario-files';

const root = sopDefinitionsDir;
const scenarioFiles = shippedScenarioFiles();

describe('shipped SOP scenarios', () => {
  it('ship at least 8 per province', () => {
    const count = (province: string): number => scenarioFiles.filter((f) => f.includes(`${path.sep}${province}${path.sep}`)).length;
    for (const province of ['punjab', 'sindh', 'khyber-pakhtunkhwa', 'balochistan']) {
      expect({ province, scenarios: count(province) }).toEqual({ province, scenarios: expect.any(Number) as number });
      expect(count(province), province).toBeGreaterThanOrEqual(8);
    }
  });

  it.each(scenarioFiles.map((f) => [path.relative(root, f), f]))('%s', async (_name, file) => {
    const result = await runScenarioFile(file);
    expect(result.errors).toBeUndefined();
    const failures = result.report!.steps.flatMap((s) => s.failures.map((f) => `${s.at} ${s.title}: ${f}`));
    expect(failures).toEqual([]);
  });
});
