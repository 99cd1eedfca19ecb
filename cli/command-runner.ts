// Runs one Temporal-facing command: output as text or JSON on stdout, any failure as one line on stderr (and,
// with --json, as `{ "error": { code, message } }` on stdout so scripts need not parse stderr).
import { asCliError, oneLine } from './cli-error';

export interface CommandResult<T> {
  /** What `--json` prints. */
  json: T;
  /** What a person reads. */
  text: string;
}

export async function runCommand<T>(options: { json?: boolean }, command: () => Promise<CommandResult<T>>): Promise<number> {
  try {
    const result = await command();
    process.stdout.write(options.json ? `${JSON.stringify(result.json, null, 2)}\n` : `${result.text}\n`);
    return 0;
  } catch (err) {
    const error = asCliError(err);
    if (options.json) process.stdout.write(`${JSON.stringify({ error: { code: error.code, message: error.message } })}\n`);
    process.stderr.write(`sopflow: ${oneLine(error.message)}\n`);
    return 1;
  }
}
