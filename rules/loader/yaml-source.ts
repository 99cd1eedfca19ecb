// Parses an SOP file's YAML with positions, refusing hostile input (huge, binary, alias bombs, deep nesting)
// with an error instead of a hang or a crash.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { SopError } from './sop-error';

export const MAX_SOP_FILE_BYTES = 512 * 1024;
const MAX_ALIASES = 50;
const MAX_DEPTH = 64;

export interface YamlSource {
  file: string;
  doc: Document.Parsed;
  lines: LineCounter;
  data: unknown;
}

export function parseYamlSource(file: string, text: string): { source?: YamlSource; errors: SopError[] } {
  const whole = (message: string): { errors: SopError[] } => ({ errors: [{ file, line: 1, col: 1, path: '', message }] });
  // Characters first (cheap); UTF-8 bytes only when the text could be over the limit.
  const bytes = text.length * 3 > MAX_SOP_FILE_BYTES ? new TextEncoder().encode(text).length : text.length;
  if (bytes > MAX_SOP_FILE_BYTES) return whole(`file is ${bytes} bytes; an SOP file may be at most ${MAX_SOP_FILE_BYTES}`);
  if (text.trim() === '' || text.split('\n').every((l) => l.trim() === '' || l.trim().startsWith('#'))) return whole('file is empty');
  if (flowDepth(text) > MAX_DEPTH) return whole(`YAML nests deeper than ${MAX_DEPTH} levels`);
  if (text.includes('\u0000') || text.includes('\uFFFD')) return whole('file is binary or not UTF-8 text');

  const lines = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, strict: true });
  } catch (err) {
    return whole(`cannot parse YAML: ${(err as Error).message}`);
  }
  const at = (offset: number): { line: number; col: number } => {
    const p = lines.linePos(offset);
    return { line: p.line, col: p.col };
  };
  if (doc.errors.length > 0) {
    return {
      errors: doc.errors.map((e) => ({ file, ...at(e.pos[0]), path: '', message: `YAML: ${e.message.split('\n')[0]}` })),
    };
  }
  if (depthOf(doc.contents) > MAX_DEPTH) return whole(`YAML nests deeper than ${MAX_DEPTH} levels`);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    return whole(`YAML refused: ${(err as Error).message}`);
  }
  return { source: { file, doc, lines, data }, errors: [] };
}

// Before parsing: the YAML parser recurses on flow collections, so a hostile `[[[[…` must be refused first.
// Brackets inside quoted strings are counted too, which only errs towards refusing absurd files.
function flowDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123) max = Math.max(max, ++depth);
    else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return max;
}

// Iterative, so a hostile nesting depth cannot overflow the stack while we measure it.
function depthOf(root: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > max) max = depth;
    if (depth > MAX_DEPTH) return depth;
    if (isMap(node) || isSeq(node)) for (const item of node.items) stack.push([item, depth + 1]);
    else if (isPair(node)) stack.push([node.value, depth]);
  }
  return max;
}

/** Line and column of the YAML node at `path`, or of its nearest existing ancestor. `key` points at a map key. */
export function locate(source: YamlSource, path: readonly (string | number)[], key?: string): { line: number; col: number } {
  let node: unknown = source.doc.contents;
  let best: unknown = node;
  for (const part of path) {
    const next = childOf(node, part);
    if (next === undefined) break;
    node = next;
    best = next;
  }
  if (key !== undefined && isMap(best)) {
    const pair = best.items.find((p) => isScalar(p.key) && p.key.value === key);
    if (pair && isScalar(pair.key) && pair.key.range) return pos(source, pair.key.range[0]);
  }
  const range = (best as Node | null)?.range;
  return range ? pos(source, range[0]) : { line: 1, col: 1 };
}

function childOf(node: unknown, part: string | number): unknown {
  if (isMap(node)) {
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(part));
    return pair?.value ?? undefined;
  }
  if (isSeq(node) && typeof part === 'number') return node.items[part];
  return undefined;
}

function pos(source: YamlSource, offset: number): { line: number; col: number } {
  const p = source.lines.linePos(offset);
  return { line: p.line, col: p.col };
}
