// `sopflow validate` on disk: a broken pack exits 1 with `file:line:col: path: message` lines on stderr;
// the shipped packs and overlays exit 0.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEdits, OVERLAY_DIR, positionOf, punjabText, REPO_ROOT, SOP_DIR } from './helpers';

const BIN = path.join(REPO_ROOT, 'bin', 'sopflow.mjs');
const ERROR_LINE = /^(?<file>[^:]+):(?<line>\d+):(?<col>\d+): (?:(?<path>[^\s:]+): )?(?<message>.+)$/;

function sopflow(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('sopflow validate', () => {
  let tmp = '';
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-broken-packs-'));
    fs.cpSync(OVERLAY_DIR, path.join(tmp, 'overlays'), { recursive: true });
    fs.mkdirSync(path.join(tmp, 'punjab'));
  });
  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('a broken pack → exit 1, one `file:line:col: path: message` line per defect, then a count', () => {
    const { text } = applyEdits(punjabText, [
      { replace: 'amount: 14,', with: 'amount: 0,' },
      { after: 'supersedes: null', insert: 'colour: green' },
    ]);
    const file = path.join(tmp, 'punjab', 'broken.yaml');
    fs.writeFileSync(file, text);
    const shown = path.relative(REPO_ROOT, file);

    const run = sopflow('validate', file);
    expect(run.status).toBe(1);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines.at(-1)).toBe('2 errors in 1 file');
    const errors = lines.slice(0, -1);
    for (const line of errors) expect(line).toMatch(ERROR_LINE);
    const amount = positionOf(text, 'amount: ‸0,');
    const colour = positionOf(text, '‸colour: green');
    expect([...errors].sort()).toEqual(
      [
        `${shown}:${colour.line}:${colour.col}: colour: unknown field`,
        `${shown}:${amount.line}:${amount.col}: clocks[0].duration.amount: must be greater than 0`,
      ].sort(),
    );
  });

  it('a defect in an overlay beside the pack is reported against the overlay file', () => {
    const overlay = path.join(tmp, 'overlays', 'jjsa-2018.yaml');
    const original = fs.readFileSync(overlay, 'utf8');
    const { text } = applyEdits(original, [{ replace: 'provinces: [punjab, sindh, khyber-pakhtunkhwa, balochistan]', with: 'provinces: [sindh]' }]);
    fs.writeFileSync(overlay, text);
    const pack = path.join(tmp, 'punjab', 'valid.yaml');
    fs.writeFileSync(pack, punjabText);
    try {
      const run = sopflow('validate', pack);
      expect(run.status).toBe(1);
      const at = positionOf(text, 'provinces: ‸[sindh]');
      expect(run.stderr.trimEnd().split('\n')).toEqual([
        `${path.relative(REPO_ROOT, overlay)}:${at.line}:${at.col}: provinces: overlay does not apply to punjab, yet pack punjab 2026.1 enables it`,
        '1 error in 1 file',
      ]);
    } finally {
      fs.writeFileSync(overlay, original);
    }
  });

  it('the shipped packs and overlays (sop-definitions/*/*.yaml) → exit 0', () => {
    const files = fs
      .readdirSync(SOP_DIR, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) => fs.readdirSync(path.join(SOP_DIR, d.name)).filter((f) => f.endsWith('.yaml')).map((f) => path.join('sop-definitions', d.name, f)))
      .sort();
    expect(files.length).toBeGreaterThanOrEqual(8);
    const run = sopflow('validate', ...files);
    // The shipped calendars list 2026 and 2027 only and no pack has effectiveUntil: one warning per calendar that
    // a clock or ladder counts on, none of them an error.
    const warnings = run.stderr.trimEnd().split('\n');
    expect(warnings.length).toBeGreaterThan(0);
    for (const line of warnings) expect(line).toMatch(/^sop-definitions\/[a-z-]+\/[^:]+\.yaml:\d+:\d+: calendars\[\d\]\.holidays: warning: calendar "(office|court)" covers 2026, 2027; .* can fall in 2028 /);
    expect(run.stdout.trim()).toBe(`${files.length} files valid (${warnings.length} warnings)`);
    expect(run.status).toBe(0);
  });
});
