// Parses an SOP file's YAML with positions, refusing hostile input (huge, binary, alias bombs, deep nesting,
// too many keys) with an error instead of a hang or a crash. Every step is linear in the size of the file.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { SopError } from './sop-error';

export const MAX_SOP_FILE_BYTES = 512 * 1024;
const MAX_ALIASES = 50;
const MAX_DEPTH = 64;
/** Far above any real pack (Punjab's has about 1,500); bounds the work of checking and locating. */
export const MAX_YAML_KEYS = 50_000;

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
  if (flowDepth(text) > MAX_DEPTH || indentDepth(text) > MAX_DEPTH) return whole(`YAML nests deeper than ${MAX_DEPTH} levels`);
  if (text.includes('\u0000') || text.includes('\uFFFD')) return whole('file is binary or not UTF-8 text');

  const lines = new LineCounter();
  let doc: Document.Parsed;
  try {
    // The parser's own duplicate-key check compares each key with every earlier one (quadratic in a map's size):
    // duplicates are found below, with one set per map.
    doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false, strict: true });
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
  const shape = shapeOf(doc.contents);
  if (shape.depth > MAX_DEPTH) return whole(`YAML nests deeper than ${MAX_DEPTH} levels`);
  if (shape.keys > MAX_YAML_KEYS) return whole(`YAML has more than ${MAX_YAML_KEYS} keys; an SOP file may have at most ${MAX_YAML_KEYS}`);
  if (shape.duplicateKeys.length > 0) {
    return { errors: shape.duplicateKeys.map((offset) => ({ file, ...at(offset), path: '', message: 'YAML: Map keys must be unique' })) };
  }
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

// Before parsing: the YAML parser also recurses on block collections, so 1,000 levels of indentation must be
// refused first. Each line opens a level at its indentation and at every `- ` on it; a line closes the levels
// indented as far or further. Block scalars and continued scalars add at most one level, erring towards refusing.
function indentDepth(text: string): number {
  const open: number[] = [];
  let max = 0;
  let i = 0;
  while (i < text.length) {
    let end = text.indexOf('\n', i);
    if (end < 0) end = text.length;
    let col = 0;
    while (i + col < end && text.charCodeAt(i + col) === 32) col++;
    const first = text.charCodeAt(i + col);
    if (i + col < end && first !== 35 && first !== 13) {
      for (;;) {
        while (open.length > 0 && open[open.length - 1]! >= col) open.pop();
        open.push(col);
        if (open.length > max) max = open.length;
        // A `- ` (or a `-` ending the line) opens a sequence item; what follows on the line is one level deeper.
        if (text.charCodeAt(i + col) !== 45 || (i + col + 1 < end && text.charCodeAt(i + col + 1) !== 32)) break;
        col++;
        while (i + col < end && text.charCodeAt(i + col) === 32) col++;
        if (i + col >= end) break;
      }
    }
    i = end + 1;
  }
  return max;
}

interface YamlShape {
  depth: number;
  keys: number;
  /** Offsets of keys that repeat an earlier key of the same map. */
  duplicateKeys: number[];
}

// Iterative, so a hostile nesting depth cannot overflow the stack while we measure it; one pass, one set per map.
function shapeOf(root: unknown): YamlShape {
  const shape: YamlShape = { depth: 0, keys: 0, duplicateKeys: [] };
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > shape.depth) shape.depth = depth;
    if (depth > MAX_DEPTH) return shape;
    if (isMap(node)) {
      shape.keys += node.items.length;
      if (shape.keys > MAX_YAML_KEYS) return shape;
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = scalarKey(pair);
        if (key !== undefined) {
          if (seen.has(key) && isScalar(pair.key) && pair.key.range) shape.duplicateKeys.push(pair.key.range[0]);
          seen.add(key);
        }
        stack.push([pair.value, depth + 1]);
      }
    } else if (isSeq(node)) for (const item of node.items) stack.push([item, depth + 1]);
    else if (isPair(node)) stack.push([node.value, depth]);
  }
  shape.duplicateKeys.sort((a, b) => a - b);
  return shape;
}

/** A scalar key with its type, as the parser compares keys (`1` and `"1"` differ). */
function scalarKey(pair: Pair<unknown, unknown>): string | undefined {
  return isScalar(pair.key) ? `${typeof pair.key.value}:${String(pair.key.value)}` : undefined;
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
    const pair = pairsOf(best).get(key);
    if (pair && isScalar(pair.key) && pair.key.range) return pos(source, pair.key.range[0]);
  }
  const range = (best as Node | null)?.range;
  return range ? pos(source, range[0]) : { line: 1, col: 1 };
}

// Each map's keys indexed once, so locating N problems in a map of N keys is linear, not quadratic.
const keyIndex = new WeakMap<YAMLMap, Map<string, Pair<unknown, unknown>>>();
function pairsOf(map: YAMLMap<unknown, unknown>): Map<string, Pair<unknown, unknown>> {
  let index = keyIndex.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.items) if (isScalar(p.key) && !index.has(String(p.key.value))) index.set(String(p.key.value), p);
    keyIndex.set(map, index);
  }
  return index;
}

function childOf(node: unknown, part: string | number): unknown {
  if (isMap(node)) return pairsOf(node).get(String(part))?.value ?? undefined;
  if (isSeq(node) && typeof part === 'number') return node.items[part];
  return undefined;
}

function pos(source: YamlSource, offset: number): { line: number; col: number } {
  const p = source.lines.linePos(offset);
  return { line: p.line, col: p.col };
}
