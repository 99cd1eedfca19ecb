// Flag values that may be large (`--facts`, `--data`): given inline, as `@file`, or as `-` for standard input,
// read with a byte bound and only from a regular file or a pipe, so a FIFO cannot hang a command and /dev/zero
// cannot fill memory.
// TEMPORARY: a local bounded read until the shared guarded file reader (branch wt-files) lands; then this file
// calls it for `@file` and keeps only the flag syntax.
import fs from 'node:fs';
import { CliError } from './cli-error';

/** Facts beyond a megabyte are not a case's facts; Temporal refuses messages near 2 MiB anyway. */
export const MAX_FLAG_INPUT_BYTES = 1024 * 1024;

function tooLarge(flag: string, max: number): CliError {
  return new CliError('usage', `${flag}: more than ${max} bytes`);
}

function readFileBounded(file: string, flag: string, max: number): string {
  let fd: number;
  try {
    // Non-blocking open: a FIFO with no writer would otherwise block here forever.
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (err) {
    throw new CliError('usage', `${flag}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new CliError('usage', `${flag}: ${file} is not a regular file`);
    if (stat.size > max) throw tooLarge(flag, max);
    const buffer = Buffer.alloc(max + 1);
    let length = 0;
    for (;;) {
      const n = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      // The size can grow after fstat (a file being written): the bound holds on what is read.
      if (length > max) throw tooLarge(flag, max);
    }
    return buffer.subarray(0, length).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

async function readStdinBounded(flag: string, max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of process.stdin) {
    const b = chunk as Buffer;
    length += b.length;
    if (length > max) {
      process.stdin.destroy();
      throw tooLarge(flag, max);
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The flag's text: inline, `@path` (a file) or `-` (standard input). */
export async function flagText(value: string, flag: string, max = MAX_FLAG_INPUT_BYTES): Promise<string> {
  if (value === '-') return readStdinBounded(flag, max);
  if (value.startsWith('@')) return readFileBounded(value.slice(1), flag, max);
  if (Buffer.byteLength(value) > max) throw tooLarge(flag, max);
  return value;
}
