// A history replay's counterfactual, case by case: the Punjab proposal (5 days to return a challan instead of 3)
// spares the two sample cases whose scrutiny took 4 days their breach and the DDPP's task, and changes no other.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBundleFile } from '../../sources/load-sources';
import { caseDifferences, historyHorizon } from '../../simulator/history/case-differences';
import { importHistory } from '../../simulator/history/import-history';
import { differenceLine, listChange } from '../../simulator/report/case-difference-text';

const root = path.resolve(import.meta.dirname, '../..');
const sample = 'sop-definitions/history/punjab-sample-events.csv';
const baseline = loadBundleFile(path.join(root, 'sop-definitions/punjab/punjab-2026.1.yaml'));
const proposal = loadBundleFile(path.join(root, 'sop-definitions/punjab/punjab-2026.2-proposal.yaml'));

describe('history counterfactual', () => {
  it('finds the recorded cases the proposal changes, and only those', async () => {
    const imported = importHistory(sample, fs.readFileSync(path.join(root, sample), 'utf8'), { pack: baseline.pack });
    if (!imported.ok) throw new Error('sample did not import');
    expect(historyHorizon(imported.scripts)).toBe(Date.parse('2026-09-15T11:00:00+05:00'));
    const differences = await caseDifferences(imported.scripts, baseline, proposal);
    expect(differences.map(differenceLine)).toEqual([
      `SYN-FSD-0342 (${sample}:17-23): breached −scrutiny-return; escalated −ddpp L2`,
      `SYN-FSD-0588 (${sample}:58-64): breached −scrutiny-return; escalated −ddpp L2`,
    ]);
    expect(differences[0]).toMatchObject({
      baseline: { stage: 'in_court', breached: ['investigation', 'scrutiny-return'], escalatedTo: ['ddpp L2'], refused: 0 },
      proposal: { stage: 'in_court', breached: ['investigation'], escalatedTo: [], refused: 0 },
    });
    expect(await caseDifferences(imported.scripts, baseline, baseline)).toEqual([]);
  });

  it('says what the proposal removes and adds', () => {
    expect(listChange(['a', 'b'], ['b', 'c'])).toBe('−a, +c');
    expect(listChange(['a'], ['a'])).toBe('');
  });
});
