// The simulator gives the same results as before the compiled core for the same seed: every province's seeded
// cohort report, the recorded history's report, and every simulated case's script and final state. The fixture
// was written by the code before the change (see seeded-run.ts), never by the code under test.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIXTURE, seededRun } from './seeded-run';

describe('simulator, seeded runs', () => {
  it('gives the same reports and the same case states as the simulator before the compiled core', async () => {
    const before = JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as Awaited<ReturnType<typeof seededRun>>;
    const now = await seededRun();
    expect(now.headlines).toEqual(before.headlines);
    expect(now.reportDigests).toEqual(before.reportDigests);
    expect(now.caseDigests).toEqual(before.caseDigests);
  }, 120_000);
});
