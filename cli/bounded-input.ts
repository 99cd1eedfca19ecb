// Flag values that may be large (`--facts`, `--data`): given inline, as `@file`, or as `-` for standard input,
// read with a byte bound and only from a regular file or a pipe, so a FIFO cannot hang a command and /dev/zero
// cannot fill memory.
import { readGuardedText } from '../sources/guarded-read';
import { SourceError } from '../sources/located-error';
import { CliError } from './cli-error';

/** Facts beyond a megabyte are not a case's facts; Temporal refuses messages near 2 MiB anyway. */
export const MAX_FLAG_INPUT_BYTES = 1024 * 1024;

function tooLarge(flag: string, max: number): CliError {
  return new CliError('usage', `${flag}: more than ${max} bytes`);
}

function readFileBounded(file: string, flag: string): string {
  try {
    return readGuardedText(file, 'facts').text;
  } catch (err) {
    if (err instanceof SourceError) throw new CliError('usage', `${flag}: ${err.lines()[0] ?? 'cannot read the file'}`);
    throw err;
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
  if (value.startsWith('@')) return readFileBounded(value.slice(1), flag);
  if (Buffer.byteLength(value) > max) throw tooLarge(flag, max);
  return value;
}
