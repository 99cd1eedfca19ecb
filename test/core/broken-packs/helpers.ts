// Builds broken SOP packs from the valid Punjab pack by one small text edit, loads them with the overlays,
// and checks that the loader names the file, line, column, field path and problem.
//
// An edit's replacement text may hold a caret `‸`: it is removed before loading and marks the exact spot
// (line and column) where the error must point. Without a caret the error must be on the edit's first line.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { loadBundle, type SopBundle, type SopSourceText } from '../../../rules/loader/load-sop';
import type { LoadResult, SopError } from '../../../rules/loader/sop-error';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const SOP_DIR = path.join(REPO_ROOT, 'sop-definitions');
export const OVERLAY_DIR = path.join(SOP_DIR, 'overlays');
export const PUNJAB_FILE = path.join(SOP_DIR, 'punjab', 'punjab-2026.1.yaml');

/** The name the broken pack is loaded under (the loader never touches the disk). */
export const PACK_FILE = 'punjab-broken.yaml';
export const CARET = '‸';

export const punjabText = fs.readFileSync(PUNJAB_FILE, 'utf8');

/** The shared overlays, named by their file name (e.g. `ata-1997.yaml`). */
export const overlayTexts: readonly SopSourceText[] = fs
  .readdirSync(OVERLAY_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => ({ file: f, text: fs.readFileSync(path.join(OVERLAY_DIR, f), 'utf8') }));

export interface Position {
  line: number;
  /** Omitted when only the line is checked. */
  col?: number;
}

/**
 * One text edit, found by a fragment that must sit on exactly one line (with `below`, the first such line
 * at or after the one line holding `below`, so repeated lines can be told apart):
 * - `replace`: that fragment is replaced by `with` (which may span lines);
 * - `after`: the lines `insert` are inserted after that line;
 * - `remove`: that line is deleted.
 */
export type Edit =
  | { replace: string; with: string; below?: string }
  | { after: string; insert: string; below?: string }
  | { remove: string; below?: string };

export interface EditedText {
  text: string;
  /** Where the caret was, else the first line the edit wrote (undefined for a removal without a caret). */
  at?: Position;
}

function findLine(lines: readonly string[], fragment: string, below: string | undefined, what: string): number {
  let from = 0;
  if (below !== undefined) {
    const anchors = lines.flatMap((l, i) => (l.includes(below) ? [i] : []));
    if (anchors.length !== 1) throw new Error(`${what}: anchor ${JSON.stringify(below)} is on ${anchors.length} lines, expected 1`);
    from = anchors[0]!;
  }
  const hits = lines.flatMap((l, i) => (i >= from && l.includes(fragment) ? [i] : []));
  if (hits.length === 0) throw new Error(`${what}: no line contains ${JSON.stringify(fragment)}`);
  if (below === undefined && hits.length > 1) {
    throw new Error(`${what}: ${hits.length} lines contain ${JSON.stringify(fragment)}; give \`below\` to pick one`);
  }
  return hits[0]!;
}

/** Applies edits in order; the last caret (or the first written line) is the expected error position. */
export function applyEdits(original: string, edits: readonly Edit[]): EditedText {
  let lines = original.split('\n');
  let writtenAt: number | undefined;
  for (const edit of edits) {
    if ('replace' in edit) {
      const i = findLine(lines, edit.replace, edit.below, 'replace');
      const line = lines[i]!;
      const start = line.indexOf(edit.replace);
      if (line.indexOf(edit.replace, start + 1) >= 0) throw new Error(`replace: ${JSON.stringify(edit.replace)} is twice on one line`);
      const replaced = line.slice(0, start) + edit.with + line.slice(start + edit.replace.length);
      lines = [...lines.slice(0, i), ...replaced.split('\n'), ...lines.slice(i + 1)];
      writtenAt = i;
    } else if ('after' in edit) {
      const i = findLine(lines, edit.after, edit.below, 'insert');
      lines = [...lines.slice(0, i + 1), ...edit.insert.split('\n'), ...lines.slice(i + 1)];
      writtenAt = i + 1;
    } else {
      const i = findLine(lines, edit.remove, edit.below, 'remove');
      lines = [...lines.slice(0, i), ...lines.slice(i + 1)];
    }
  }
  const withCarets = lines.join('\n');
  const text = withCarets.split(CARET).join('');
  const caret = withCarets.lastIndexOf(CARET);
  if (caret >= 0) {
    const before = withCarets.slice(0, caret).split(CARET).join('');
    return { text, at: positionAt(before.length, text) };
  }
  return { text, at: writtenAt === undefined ? undefined : { line: writtenAt + 1 } };
}

/** 1-based line and column of a character offset. */
export function positionAt(offset: number, text: string): Position {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: before[before.length - 1]!.length + 1 };
}

/**
 * Where a fragment sits in a text: the caret in `needle` (or its first character). The fragment without its
 * caret must occur exactly once, so a test can never silently point at the wrong line.
 */
export function positionOf(text: string, needle: string): Position {
  const plain = needle.split(CARET).join('');
  const first = text.indexOf(plain);
  if (first < 0) throw new Error(`${JSON.stringify(plain)} is not in the text`);
  if (text.indexOf(plain, first + 1) >= 0) throw new Error(`${JSON.stringify(plain)} occurs more than once in the text`);
  const caret = needle.indexOf(CARET);
  return positionAt(first + Math.max(caret, 0), text);
}

export interface BrokenBundle {
  /** The file that was edited: the pack, or an overlay (the first edited file for `breakBundle`). */
  file: string;
  text: string;
  /** The text of every file loaded, by file name, so positions can be looked up in any of them. */
  texts: Readonly<Record<string, string>>;
  at?: Position;
  result: LoadResult<SopBundle>;
  errors: SopError[];
}

function asList(edit: Edit | readonly Edit[]): readonly Edit[] {
  return Array.isArray(edit) ? (edit as readonly Edit[]) : [edit as Edit];
}

/**
 * The Punjab pack and the shared overlays, each edited as given, loaded as one bundle. Edits are keyed by
 * file name: PACK_FILE for the pack, e.g. `ata-1997.yaml` for an overlay.
 */
export function breakBundle(edits: Readonly<Record<string, Edit | readonly Edit[]>>): BrokenBundle {
  const files = Object.keys(edits);
  for (const f of files) {
    if (f !== PACK_FILE && !overlayTexts.some((o) => o.file === f)) throw new Error(`no file ${f} to edit`);
  }
  const edited = new Map<string, EditedText>(files.map((f) => [f, applyEdits(textOf(f), asList(edits[f]!))]));
  const pack: SopSourceText = { file: PACK_FILE, text: edited.get(PACK_FILE)?.text ?? punjabText };
  const overlays = overlayTexts.map((o) => ({ file: o.file, text: edited.get(o.file)?.text ?? o.text }));
  const result = loadBundle(pack, overlays);
  const texts = Object.fromEntries([pack, ...overlays].map((s) => [s.file, s.text]));
  const first = files[0] ?? PACK_FILE;
  return { file: first, text: texts[first]!, texts, at: edited.get(first)?.at, result, errors: result.ok ? [] : result.errors };
}

function textOf(file: string): string {
  return file === PACK_FILE ? punjabText : overlayTexts.find((o) => o.file === file)!.text;
}

/** The Punjab pack with one defect (one or several edits), loaded with the shared overlays. */
export function breakPack(edit: Edit | readonly Edit[]): BrokenBundle {
  return breakBundle({ [PACK_FILE]: edit });
}

/** The valid Punjab pack loaded with one overlay broken by an edit. */
export function breakOverlay(overlayFile: string, edit: Edit | readonly Edit[]): BrokenBundle {
  return breakBundle({ [overlayFile]: edit });
}

export interface ExpectedError {
  path: string;
  /** A fragment of the message, or a pattern it must match. */
  message: string | RegExp;
  /** Where the error must point, when not at the edit: a fragment of the edited text, its caret at the spot. */
  at?: string;
  /** Defaults to the edited file. */
  file?: string;
}

/**
 * The bundle did not load, returned no value, and one of its errors names the file, line (and column when
 * known), field path and a message fragment. Returns that error.
 */
export function assertLocatedError(b: BrokenBundle, expected: ExpectedError): SopError {
  expect(b.result.ok, 'a broken bundle must not load').toBe(false);
  expect('value' in b.result, 'a broken bundle must not return a value').toBe(false);
  const file = expected.file ?? b.file;
  const text = b.texts[file];
  if (text === undefined) throw new Error(`no file ${file} in the bundle`);
  const at = expected.at !== undefined ? positionOf(text, expected.at) : file === b.file ? b.at : undefined;
  if (!at) throw new Error('no expected position: put a caret in the edit or give `at`');
  const message: unknown = typeof expected.message === 'string' ? expect.stringContaining(expected.message) : expect.stringMatching(expected.message);
  const wanted = { file, line: at.line, path: expected.path, message, ...(at.col !== undefined ? { col: at.col } : {}) };
  expect(b.errors).toContainEqual(expect.objectContaining(wanted));
  const found = b.errors.find((e) => e.file === file && e.path === expected.path && e.line === at.line && (at.col === undefined || e.col === at.col));
  return found!;
}
