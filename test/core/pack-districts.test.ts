// Every shipped pack lists its province's districts and an intake bound, and a case is checked against them
// when it opens (client/open-case.ts, which the CLI and the API both call).
import { describe, expect, it } from 'vitest';
import { loadBundleFile } from '../../sources/load-sources';
import { CaseClientError } from '../../client/case-client-error';
import { checkedOpening } from '../../client/open-case';

const PACKS = {
  punjab: 'sop-definitions/punjab/punjab-2026.1.yaml',
  sindh: 'sop-definitions/sindh/sindh-2026.1.yaml',
  'khyber-pakhtunkhwa': 'sop-definitions/khyber-pakhtunkhwa/khyber-pakhtunkhwa-2026.1.yaml',
  balochistan: 'sop-definitions/balochistan/balochistan-2026.1.yaml',
} as const;
const DAY = 86_400_000;

function refusal(call: () => unknown): CaseClientError {
  try {
    call();
  } catch (err) {
    expect(err).toBeInstanceOf(CaseClientError);
    return err as CaseClientError;
  }
  throw new Error('expected a refusal');
}

describe('districts and intake bounds in the packs', () => {
  it('each shipped pack lists its districts (Punjab all 41) and an intake bound', () => {
    const ids = Object.fromEntries(Object.entries(PACKS).map(([p, file]) => [p, loadBundleFile(file).pack.districts?.map((d) => d.id) ?? []]));
    expect(ids.punjab).toHaveLength(41);
    expect(ids.punjab).toEqual(expect.arrayContaining(['lahore', 'multan', 'rawalpindi', 'dera-ghazi-khan', 'murree']));
    expect(ids.sindh).toEqual(expect.arrayContaining(['karachi-south', 'hyderabad', 'sukkur', 'shaheed-benazirabad']));
    expect(ids['khyber-pakhtunkhwa']).toEqual(expect.arrayContaining(['peshawar', 'swat', 'dera-ismail-khan']));
    expect(ids.balochistan).toEqual(expect.arrayContaining(['quetta', 'kech', 'gwadar']));
    for (const file of Object.values(PACKS)) expect(loadBundleFile(file).pack.caseIntake?.maxAgeDays).toBeGreaterThan(0);
  });

  it('refuses a district of another province, an FIR year not its registration year, and an old case unless confirmed', () => {
    const bundle = loadBundleFile(PACKS.sindh);
    const now = Date.UTC(2026, 10, 20, 5);
    const facts = { province: 'sindh', district: 'Karachi South', policeStation: 'Saddar', fir: { number: '7', year: 2026 }, offence: { class: 'theft' } } as const;
    expect(checkedOpening({ bundle, facts, firAt: now, now }).caseId).toBe('case/sindh/karachi-south/saddar/7-2026');

    const lahore = refusal(() => checkedOpening({ bundle, facts: { ...facts, district: 'Lahore' }, firAt: now, now }));
    expect(lahore).toMatchObject({ code: 'invalid', field: 'district' });
    const year = refusal(() => checkedOpening({ bundle, facts: { ...facts, fir: { number: '7', year: 1990 } }, firAt: now, now }));
    expect(year).toMatchObject({ code: 'invalid', field: 'fir' });

    const firAt = Date.UTC(1947, 7, 20);
    const old = { bundle, facts: { ...facts, fir: { number: '7', year: 1947 } }, firAt, now };
    const tooOld = refusal(() => checkedOpening(old));
    expect(tooOld).toMatchObject({ code: 'invalid', field: 'firAt' });
    expect(tooOld.message).toMatch(/intake bound of 365 days/);
    expect(checkedOpening({ ...old, acceptOld: true }).caseId).toBe('case/sindh/karachi-south/saddar/7-1947');
    expect(() => checkedOpening({ ...old, firAt: now - 365 * DAY, facts: { ...facts, fir: { number: '7', year: 2025 } } })).not.toThrow();
  });
});
