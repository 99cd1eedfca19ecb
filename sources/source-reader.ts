// The loader seam (after gorules/zen's DecisionLoader): where input files come from. The filesystem reader
// goes through the guarded read; the in-memory one serves tests and tools that hold the text already.
import fs from 'node:fs';
import path from 'node:path';
import { readGuardedText, type SourceKind } from './guarded-read';
import { SourceError } from './located-error';

export interface SourceText {
  /** The name problems are reported under (relative to the working directory on disk). */
  file: string;
  text: string;
}

export interface SourceReader {
  read(file: string, kind: SourceKind): SourceText;
  /** The overlay files that go with a pack: sop-definitions/overlays beside the province folders. */
  overlaysBeside(packFile: string): string[];
}

const isYaml = (f: string): boolean => f.endsWith('.yaml') || f.endsWith('.yml');
const overlayDirOf = (packFile: string): string => path.join(path.dirname(path.resolve(packFile)), '..', 'overlays');

export const fileSystemReader: SourceReader = {
  read: readGuardedText,
  overlaysBeside(packFile) {
    const dir = overlayDirOf(packFile);
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir).filter(isYaml).sort().map((f) => path.join(dir, f));
  },
};

/** Files held in memory, keyed by path; overlays are the entries under `<pack dir>/../overlays/`. */
export function memoryReader(files: Readonly<Record<string, string>>): SourceReader {
  const byPath = new Map(Object.entries(files).map(([f, text]) => [path.resolve(f), { file: f, text }]));
  return {
    read(file) {
      const found = byPath.get(path.resolve(file));
      if (!found) throw new SourceError([{ file, message: 'file not found' }]);
      return found;
    },
    overlaysBeside(packFile) {
      const dir = overlayDirOf(packFile);
      return [...byPath.entries()].filter(([p]) => path.dirname(p) === dir && isYaml(p)).sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v.file);
    },
  };
}

/** Files held in memory laid over another reader: a draft checked beside the files on disk it refers to. */
export function layeredReader(files: Readonly<Record<string, string>>, under: SourceReader): SourceReader {
  const top = memoryReader(files);
  const held = new Set(Object.keys(files).map((f) => path.resolve(f)));
  return {
    read: (file, kind) => (held.has(path.resolve(file)) ? top.read(file, kind) : under.read(file, kind)),
    overlaysBeside: (packFile) => [...new Set([...under.overlaysBeside(packFile), ...top.overlaysBeside(packFile)])].sort(),
  };
}
