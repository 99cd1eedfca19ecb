// Hostile or malformed files are refused with a located error: never a hang, a crash, or a half-loaded pack.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPack } from '../../../rules/loader/load-sop';
import type { SopError } from '../../../rules/loader/sop-error';
import { MAX_SOP_FILE_BYTES, parseYamlSource } from '../../../rules/loader/yaml-source';
import { applyEdits, positionAt, punjabText, REPO_ROOT } from './helpers';

const CHILD = path.join(REPO_ROOT, 'test', 'core', 'broken-packs', 'load-pack-child.ts');

interface ChildResult {
  ms: number;
  ok: boolean;
  errors: SopError[];
}

/** loadPack in a child process, killed after `timeoutMs`: a hang or a crash fails here with a clear message. */
function loadPackOutOfProcess(file: string, text: string, timeoutMs = 20_000): ChildResult {
  const run = spawnSync(process.execPath, ['--import', 'tsx', CHILD, file], {
    cwd: REPO_ROOT,
    input: text,
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) throw new Error(`loader child failed: ${run.error.message} (a hang is killed after ${timeoutMs} ms)`);
  if (run.status !== 0) throw new Error(`loader child crashed (status ${String(run.status)}, signal ${String(run.signal)}): ${run.stderr.slice(0, 2000)}`);
  return JSON.parse(run.stdout) as ChildResult;
}

/** The classic "billion laughs": each level is nine aliases of the one before, 9^9 leaves in all. */
function aliasBomb(levels = 9): string {
  const names = 'abcdefghijklmnopqrstuvwxyz';
  const lines = [`a: &a [${Array(9).fill('"lol"').join(', ')}]`];
  for (let i = 1; i < levels; i++) lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

/** An error about the whole file: at 1:1, with no field path. */
function wholeFile(message: string | RegExp): unknown {
  const text: unknown = typeof message === 'string' ? expect.stringContaining(message) : expect.stringMatching(message);
  return expect.objectContaining({ line: 1, col: 1, path: '', message: text });
}

describe('hostile input', () => {
  it('YAML alias bomb (billion laughs, 9 levels) → refused quickly, not expanded', () => {
    const result = loadPackOutOfProcess('bomb.yaml', aliasBomb());
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([{ file: 'bomb.yaml', line: 1, col: 1, path: '', message: expect.stringMatching(/^YAML refused: .*alias/i) as unknown }]);
    expect(result.ms).toBeLessThan(2_000);
  });

  it('an alias bomb is refused in-process too (same answer, no hang)', () => {
    const started = performance.now();
    const result = loadPack({ file: 'bomb.yaml', text: aliasBomb() });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(result).toEqual({ ok: false, errors: [wholeFile(/alias/i)] });
  });

  it(`a file larger than the limit (${MAX_SOP_FILE_BYTES} bytes) → refused before parsing`, () => {
    const text = `${punjabText}#${'x'.repeat(MAX_SOP_FILE_BYTES)}\n`;
    const result = loadPack({ file: 'huge.yaml', text });
    expect(result).toEqual({ ok: false, errors: [{ file: 'huge.yaml', line: 1, col: 1, path: '', message: `file is ${new TextEncoder().encode(text).length} bytes; an SOP file may be at most ${MAX_SOP_FILE_BYTES}` }] });
  });

  it('a valid pack padded to exactly the limit (in UTF-8 bytes: the pack has em dashes) still loads', () => {
    const padding = MAX_SOP_FILE_BYTES - new TextEncoder().encode(punjabText).length - 2;
    const text = `${punjabText}#${'x'.repeat(padding)}\n`;
    expect(new TextEncoder().encode(text).length).toBe(MAX_SOP_FILE_BYTES);
    expect(loadPack({ file: 'full.yaml', text }).ok).toBe(true);
  });

  it('binary text (a NUL byte inside the title) → file is binary', () => {
    const { text } = applyEdits(punjabText, [{ replace: 'title: Punjab police', with: 'title: Punjab\u0000police' }]);
    expect(loadPack({ file: 'nul.yaml', text })).toEqual({ ok: false, errors: [wholeFile('file is binary or not UTF-8 text')] });
  });

  it('10,000 nested flow sequences → YAML errors, no crash, no hang', () => {
    const result = loadPackOutOfProcess('deep.yaml', '['.repeat(10_000));
    expect(result.ok).toBe(false);
    expect(result.errors.length).toBeGreaterThan(0);
    for (const e of result.errors) {
      expect(e).toMatchObject({ file: 'deep.yaml', line: 1, path: '', message: expect.stringMatching(/^YAML/) as unknown });
    }
  });

  it('100 nested (closed) flow sequences → nests deeper than 64 levels', () => {
    const result = loadPack({ file: 'deep.yaml', text: `a: ${'['.repeat(100)}${']'.repeat(100)}\n` });
    expect(result).toEqual({ ok: false, errors: [{ file: 'deep.yaml', line: 1, col: 1, path: '', message: 'YAML nests deeper than 64 levels' }] });
  });

  it('a line indented one space short (bad indentation) → YAML error on that line', () => {
    const { text, at } = applyEdits(punjabText, [{ replace: '    label: Fit for trial', with: '‸   label: Fit for trial' }]);
    const result = loadPack({ file: 'indent.yaml', text });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors).toContainEqual({ file: 'indent.yaml', ...at, path: '', message: 'YAML: Sequence item without - indicator' });
  });

  it('a tab used for indentation → YAML error on that line', () => {
    const { text, at } = applyEdits(punjabText, [{ replace: '    label: Fit for trial', with: '‸\tlabel: Fit for trial' }]);
    const result = loadPack({ file: 'tab.yaml', text });
    expect(result.ok ? [] : result.errors).toContainEqual({ file: 'tab.yaml', ...at, path: '', message: 'YAML: Tabs are not allowed as indentation' });
  });

  it('an unclosed flow sequence → YAML error on that line', () => {
    const { text, at } = applyEdits(punjabText, [{ replace: 'sections: [PPC 302] }', with: 'sections: [PPC 302 ‸}' }]);
    const result = loadPack({ file: 'flow.yaml', text });
    expect(result.ok ? [] : result.errors).toContainEqual({ file: 'flow.yaml', ...at, path: '', message: expect.stringContaining('must be sufficiently indented and end with a ]') as unknown });
  });

  it('a duplicate key in a mapping → Map keys must be unique, at the second key', () => {
    const { text, at } = applyEdits(punjabText, [{ after: 'supersedes: null', insert: '‸title: A second title' }]);
    const result = loadPack({ file: 'dup.yaml', text });
    expect(result).toEqual({ ok: false, errors: [{ file: 'dup.yaml', ...at, path: '', message: 'YAML: Map keys must be unique' }] });
  });

  it('a duplicate key inside a flow mapping → located at that key', () => {
    const { text, at } = applyEdits(punjabText, [{ replace: '{ event: DEFECTS_CURED, to: scrutiny }', with: '{ event: DEFECTS_CURED, to: scrutiny, ‸to: fit_for_trial }' }]);
    const result = loadPack({ file: 'dup.yaml', text });
    expect(result).toEqual({ ok: false, errors: [{ file: 'dup.yaml', ...at, path: '', message: 'YAML: Map keys must be unique' }] });
  });

  it('a multi-document stream → one clear error at the second document', () => {
    const text = `${punjabText}---\nkind: sop-pack\n`;
    const result = loadPack({ file: 'multi.yaml', text });
    expect(result).toEqual({
      ok: false,
      errors: [{ file: 'multi.yaml', ...positionAt(punjabText.length, text), path: '', message: expect.stringContaining('Source contains multiple documents') as unknown }],
    });
  });

  it('an empty file, or one with only comments → one error for the whole file', () => {
    for (const text of ['', '# nothing here yet\n']) {
      expect(loadPack({ file: 'empty.yaml', text })).toEqual({ ok: false, errors: [{ file: 'empty.yaml', line: 1, col: 1, path: '', message: expect.stringMatching(/expected object|empty/) as unknown }] });
    }
  });

  it('a file that is a list or a scalar, not a mapping → expected object', () => {
    for (const text of ['- kind: sop-pack\n', 'sop-pack\n']) {
      expect(loadPack({ file: 'shape.yaml', text })).toEqual({ ok: false, errors: [wholeFile('expected object')] });
    }
  });

  it('parseYamlSource alone refuses the same inputs (no source, only errors)', () => {
    for (const text of [aliasBomb(), '\u0000', 'a: 1\na: 2\n', 'a: 1\n---\nb: 2\n', `a: ${'['.repeat(70)}${']'.repeat(70)}`]) {
      const parsed = parseYamlSource('x.yaml', text);
      expect(parsed.source).toBeUndefined();
      expect(parsed.errors.length).toBeGreaterThan(0);
    }
  });
});
