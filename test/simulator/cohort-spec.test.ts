// Cohort specs load like SOP packs: a malformed spec is refused with every problem located by file, line,
// column and field path, and no simulation runs. The shipped example cohorts load and fit their packs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBundleFile, loadCohortFile } from '../../sources/load-sources';
import { SourceError } from '../../sources/located-error';
import { formatSopError } from '../../rules/loader/sop-error';
import { checkCohortAgainstPack, loadCohort } from '../../simulator/cohort/load-cohort';

const root = path.resolve(import.meta.dirname, '../..');
const cohortsDir = path.join(root, 'sop-definitions/cohorts');
const punjabCohort = fs.readFileSync(path.join(cohortsDir, 'punjab-2026.yaml'), 'utf8');
const punjab = loadBundleFile(path.join(root, 'sop-definitions/punjab/punjab-2026.1.yaml'));

/** The shipped Punjab cohort with one line replaced. */
function withLine(find: string, replace: string): string {
  expect(punjabCohort).toContain(find);
  return punjabCohort.replace(find, replace);
}
const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('cohort specs', () => {
  it.each(fs.readdirSync(cohortsDir).filter((f) => f.endsWith('.yaml')))('%s loads and fits its province pack', (file) => {
    const loaded = loadCohort({ file, text: fs.readFileSync(path.join(cohortsDir, file), 'utf8') });
    if (!loaded.ok) throw new Error(loaded.errors.map(formatSopError).join('\n'));
    const province = loaded.value.spec.province;
    const bundle = loadBundleFile(path.join(root, `sop-definitions/${province}/${province}-2026.1.yaml`));
    expect(checkCohortAgainstPack(loaded.value, bundle, `${province}-2026.1.yaml`)).toEqual([]);
    expect(fs.readFileSync(path.join(cohortsDir, file), 'utf8')).toMatch(/ILLUSTRATIVE ASSUMPTIONS, NOT MEASURED DATA/);
  });

  it('a share above 1 is located at its line and field', () => {
    const text = withLine('custodyShare: 0.45', 'custodyShare: 1.45');
    const result = loadCohort({ file: 'bad.yaml', text });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { file: 'bad.yaml', line: lineOf(text, 'custodyShare'), col: 15, path: 'custodyShare', message: 'must be between 0 and 1' },
    ]);
  });

  it('every problem is reported at once: unknown field, p90 below the median, missing section', () => {
    const text = withLine('  cureTime: { median: 5, p90: 12 }', '  cureTime: { median: 5, p90: 2 }\n  cureTme: { fixed: 3 }').replace(/^supervisors:[\s\S]*?(?=^courts:)/m, '');
    const result = loadCohort({ file: 'bad.yaml', text });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const lines = result.errors.map(formatSopError);
    expect(lines).toContain(`bad.yaml:${lineOf(text, 'cureTime')}:31: police.cureTime.p90: p90 must be at least the median`);
    expect(lines).toContain(`bad.yaml:${lineOf(text, 'cureTme')}:3: police.cureTme: unknown field`);
    expect(lines.some((l) => /^bad\.yaml:\d+:\d+: supervisors: /.test(l))).toBe(true);
  });

  it('names the pack it does not fit: unknown offence class and an objection code no gate raises', () => {
    const text = withLine('offenceMix: { theft: 38,', 'offenceMix: { arson: 2, theft: 38,').replace('prosecutor-objection: 8', 'prosecutor-objection: 8, missing-horoscope: 1');
    const loaded = loadCohort({ file: 'bad.yaml', text });
    if (!loaded.ok) throw new Error(loaded.errors.map(formatSopError).join('\n'));
    const lines = checkCohortAgainstPack(loaded.value, punjab, 'punjab-2026.1.yaml').map(formatSopError);
    expect(lines).toEqual([
      `bad.yaml:${lineOf(text, 'offenceMix')}:15: offenceMix.arson: "arson" is not an offence class of punjab-2026.1.yaml; known: theft, robbery, murder, hurt, sexual_offence, narcotics, terrorism, other`,
      expect.stringMatching(new RegExp(`^bad\\.yaml:${lineOf(text, 'missing-horoscope')}:\\d+: prosecution\\.defects\\.kinds\\.missing-horoscope: "missing-horoscope" is not an objection code`)),
    ]);
  });

  it('loadCohortFile refuses a malformed spec on disk with the located errors', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-cohort-'));
    const file = path.join(dir, 'bad.yaml');
    fs.writeFileSync(file, withLine('days: 365', 'days: -3'));
    const load = (): unknown => loadCohortFile(file, [{ path: 'punjab-2026.1.yaml', bundle: punjab }]);
    expect(load).toThrow(SourceError);
    expect(load).toThrow(new RegExp(`bad\\.yaml:${lineOf(withLine('days: 365', 'days: -3'), 'days: -3')}:7: days: `));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the same problem found against both packs is reported once', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-cohort-'));
    const file = path.join(dir, 'bad.yaml');
    fs.writeFileSync(file, withLine('offenceMix: { theft: 38,', 'offenceMix: { arson: 2, theft: 38,'));
    let error: unknown;
    try {
      loadCohortFile(file, [{ path: 'p.yaml', bundle: punjab }, { path: 'p.yaml', bundle: punjab }]);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).lines()).toEqual([expect.stringMatching(/offenceMix\.arson: "arson" is not an offence class of p\.yaml/)]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
