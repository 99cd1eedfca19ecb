// The one way the tools read an input file: regular files only (a FIFO, a device or a directory is refused
// before anything is read), a size cap per kind of file, and a bounded read, so `/dev/zero` or a file that
// grows while it is read cannot hang the tool or fill its memory. Text must be strict UTF-8.
import fs from 'node:fs';
import path from 'node:path';
import { MAX_SOP_FILE_BYTES } from '../rules/loader/yaml-source';
import { SourceError } from './located-error';

/** What an input file holds; each kind has its own size cap. */
export type SourceKind = 'sop' | 'cohort' | 'scenario' | 'history' | 'facts' | 'holidays';

export const MAX_SOURCE_BYTES: Readonly<Record<SourceKind, number>> = {
  // Packs, overlays, cohorts and scenarios share the hardened YAML parser and its cap.
  sop: MAX_SOP_FILE_BYTES,
  cohort: MAX_SOP_FILE_BYTES,
  scenario: MAX_SOP_FILE_BYTES,
  holidays: MAX_SOP_FILE_BYTES,
  // A history log is read whole; past this it should be split (by year or district) into several runs.
  history: 256 * 1024 * 1024,
  // One case's facts: far above any real case, far below what could hurt.
  facts: 1024 * 1024,
};

const WHAT: Readonly<Record<SourceKind, string>> = { sop: 'an SOP file', cohort: 'a cohort spec', scenario: 'a scenario file', history: 'a history log', facts: 'a facts file', holidays: 'a holiday notifications file' };
const CHUNK_BYTES = 64 * 1024;

export function displayPath(file: string): string {
  return path.relative(process.cwd(), file) || file;
}

function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Reads `file` as UTF-8 text, or throws a SourceError naming the file and what is wrong with it. */
export function readGuardedText(file: string, kind: SourceKind): { file: string; text: string } {
  const shown = displayPath(file);
  const refuse = (message: string, line?: number): never => {
    throw new SourceError([{ file: shown, ...(line === undefined ? {} : { line, col: 1 }), message }]);
  };
  const cap = MAX_SOURCE_BYTES[kind];
  let fd: number;
  try {
    // Non-blocking, so opening a FIFO with no writer returns at once instead of waiting for one.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return refuse(code === 'ENOENT' ? 'file not found' : code === 'EACCES' ? 'permission denied' : `cannot open: ${code ?? (err as Error).message}`);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return refuse(`is ${kindOf(stat)}, not a regular file; give a file`);
    if (stat.size > cap) return refuse(`file is ${stat.size} bytes; ${WHAT[kind]} may be at most ${cap}`, 1);
    // Read in chunks up to the cap whatever the size said, so a file that grows meanwhile is still bounded.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, cap + 1 - total));
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > cap) return refuse(`file is more than ${cap} bytes; ${WHAT[kind]} may be at most ${cap}`, 1);
    }
    try {
      return { file: shown, text: new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks, total)) };
    } catch {
      return refuse('file is binary or not UTF-8 text', 1);
    }
  } finally {
    fs.closeSync(fd);
  }
}
