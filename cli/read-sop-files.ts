// File reading for the CLI edge: SOP files are read as bytes and decoded strictly, so binary input is refused.
import fs from 'node:fs';
import path from 'node:path';
import { MAX_SOP_FILE_BYTES } from '../rules/loader/yaml-source';
import type { SopSourceText } from '../rules/loader/load-sop';

export class InputFileError extends Error {}

export function readSopFile(file: string): SopSourceText {
  const display = path.relative(process.cwd(), file) || file;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new InputFileError(`${display}: file not found`);
  }
  if (!stat.isFile()) throw new InputFileError(`${display}: not a regular file`);
  if (stat.size > MAX_SOP_FILE_BYTES) {
    throw new InputFileError(`${display}:1:1: file is ${stat.size} bytes; an SOP file may be at most ${MAX_SOP_FILE_BYTES}`);
  }
  const bytes = fs.readFileSync(file);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputFileError(`${display}:1:1: file is binary or not UTF-8 text`);
  }
  return { file: display, text };
}

/** Overlay files live in sop-definitions/overlays beside the province folders. */
export function overlayFilesFor(packFile: string): string[] {
  const dir = path.join(path.dirname(path.resolve(packFile)), '..', 'overlays');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((f) => path.join(dir, f));
}

export function isOverlayText(text: string): boolean {
  return /^kind:\s*sop-overlay\s*$/m.test(text);
}
