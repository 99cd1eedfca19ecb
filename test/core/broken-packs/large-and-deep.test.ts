// Packs that are large or deep but under the byte cap: validation stays linear, its report stays short, and
// deep nesting gets the intended message rather than an internal stack overflow (issue 10, defects 2 and 13).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPack } from '../../../rules/loader/load-sop';
import { MAX_SOP_FILE_BYTES, MAX_YAML_KEYS } from '../../../rules/loader/yaml-source';
import { MAX_REPORTED_PROBLEMS } from '../../../sources/located-error';
import { OVERLAY_DIR, punjabText, REPO_ROOT } from './helpers';

const BIN = path.join(REPO_ROOT, 'bin', 'sopflow.mjs');
const punjabLines = punjabText.split('\n').length - 1;
const keys = (n: number): string[] => Array.from({ length: n }, (_, i) => `k${i}`);
/** Short distinct keys of letters only (a, b, …, aa, …), so 100,000 of them fit under the byte cap. */
const letterKeys = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => {
    let s = '';
    for (let x = i + 1; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(97 + ((x - 1) % 26)) + s;
    return s;
  });
const nestedTooDeep = 'YAML nests deeper than 64 levels';

describe('sopflow validate on a pack of 20,000 unknown keys', () => {
  let tmp = '';
  let file = '';
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-large-pack-'));
    fs.cpSync(OVERLAY_DIR, path.join(tmp, 'overlays'), { recursive: true });
    fs.mkdirSync(path.join(tmp, 'punjab'));
    file = path.join(tmp, 'punjab', 'wide.yaml');
    fs.writeFileSync(file, `${punjabText}${keys(20_000).map((k) => `${k}: 1`).join('\n')}\n`);
  });
  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('prints the first errors, each at its own key, then "… and N more" and the full count', () => {
    const run = spawnSync(process.execPath, [BIN, 'validate', file], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(run.error).toBeUndefined();
    expect(run.status).toBe(1);
    const lines = run.stderr.trimEnd().split('\n');
    const shown = path.relative(REPO_ROOT, file);
    expect(lines).toHaveLength(MAX_REPORTED_PROBLEMS + 2);
    expect(lines.slice(0, MAX_REPORTED_PROBLEMS)).toEqual(keys(MAX_REPORTED_PROBLEMS).map((k, i) => `${shown}:${punjabLines + 1 + i}:1: ${k}: unknown field`));
    expect(lines.at(-2)).toBe(`… and ${20_000 - MAX_REPORTED_PROBLEMS} more`);
    expect(lines.at(-1)).toBe('20000 errors in 1 file');
  });
});

describe('more keys than any pack has', () => {
  it('a one-line flow map of 100,000 keys under the byte cap → one error for the whole file', () => {
    const text = `${punjabText}junk: {${letterKeys(100_000).join(',')}}\n`;
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_SOP_FILE_BYTES);
    expect(loadPack({ file: 'wide.yaml', text })).toEqual({
      ok: false,
      errors: [{ file: 'wide.yaml', line: 1, col: 1, path: '', message: `YAML has more than ${MAX_YAML_KEYS} keys; an SOP file may have at most ${MAX_YAML_KEYS}` }],
    });
  });

  it('a duplicate key in a map of 20,000 is still found, at the second one', () => {
    const text = `${punjabText}junk:\n${keys(20_000).map((k) => `  ${k}: 1`).join('\n')}\n  k7: 2\n`;
    expect(loadPack({ file: 'dup.yaml', text })).toEqual({
      ok: false,
      errors: [{ file: 'dup.yaml', line: punjabLines + 20_002, col: 3, path: '', message: 'YAML: Map keys must be unique' }],
    });
  });
});

// Run as the user runs it, in the CLI's process: a test worker's larger stack could hide the overflow.
describe('deep YAML, through sopflow validate', () => {
  let tmp = '';
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-deep-yaml-'));
  });
  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });
  const validate = (name: string, text: string): string[] => {
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_SOP_FILE_BYTES);
    const file = path.join(tmp, name);
    fs.writeFileSync(file, text);
    const run = spawnSync(process.execPath, [BIN, 'validate', file], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(1);
    return run.stderr.trimEnd().split('\n');
  };
  const refusedAsTooDeep = (name: string): string[] => [`${path.relative(REPO_ROOT, path.join(tmp, name))}:1:1: ${nestedTooDeep}`, '1 error in 1 file'];

  it('1,000 levels of indented maps → the nesting message, not a stack overflow', () => {
    const text = `${Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n')}\n${' '.repeat(1000)}1\n`;
    expect(validate('maps.yaml', text)).toEqual(refusedAsTooDeep('maps.yaml'));
  });

  it('1,000 levels of indented sequences, and of `- - - …` on one line → the nesting message', () => {
    expect(validate('seqs.yaml', `${Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}-`).join('\n')}\n`)).toEqual(refusedAsTooDeep('seqs.yaml'));
    expect(validate('dashes.yaml', `a:\n  ${'- '.repeat(1000)}x\n`)).toEqual(refusedAsTooDeep('dashes.yaml'));
  });

  it('nesting 30 levels (the shipped packs use under 10) is not refused as too deep', () => {
    const text = `${punjabText}junk:\n${Array.from({ length: 30 }, (_, i) => `${' '.repeat(2 * i + 2)}a:`).join('\n')} 1\n`;
    const result = loadPack({ file: 'ok.yaml', text });
    expect(result.ok ? [] : result.errors.map((e) => e.message)).toEqual(['unknown field']);
  });
});
