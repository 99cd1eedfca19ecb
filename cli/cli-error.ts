// Errors of the Temporal-facing commands: a code a script can branch on and a one-line reason a person can act on.
import type { z } from 'zod';
import { CaseClientError, type CaseClientErrorCode } from '../client/case-client-error';

export type CliErrorCode =
  | 'usage' // a flag or argument is malformed
  | 'configuration' // an environment variable is wrong
  | 'unreachable' // no Temporal server at the address
  | 'timeout' // the server answered but no worker did
  | 'not-found' // no such case or task
  | 'conflict' // e.g. the FIR's case is closed
  | 'rejected' // the case refused the event; the reason is the SOP's
  | 'failed'; // anything else

export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    readonly code: CliErrorCode,
    message: string,
  ) {
    super(oneLine(message));
  }
}

/** Multi-line reasons (configuration, located errors) are joined so every failure is exactly one line. */
export function oneLine(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('; ');
}

/** Validates one input at the edge; the first problem becomes a usage error naming the flag or argument. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = issue.path.length > 0 ? `${what}.${issue.path.join('.')}` : what;
  throw new CliError('usage', `${where}: ${issue.message}`);
}

/** Parses a JSON flag value, naming the flag when it is not JSON. */
export function parseJsonFlag(text: string, flag: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new CliError('usage', `${flag}: not JSON (${(err as Error).message})`);
  }
}

/** Validates a command's options; a problem names the flag as the user typed it (`--police-station`). */
export function parseOptions<S extends z.ZodType>(schema: S, options: unknown): z.output<S> {
  const result = schema.safeParse(options);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const [key, ...rest] = issue.path.map(String);
  const flag = key === undefined ? 'options' : `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  throw new CliError('usage', `${[flag, ...rest].join('.')}: ${issue.message}`);
}

/** Request fields of the client functions that the CLI spells differently; any other field is `--kebab-case`. */
const FLAG_OF_FIELD: Record<string, string> = { id: '--event-id', eventId: '--event-id', firAt: '--at', taskId: 'task id', caseId: 'case id', request: 'request', parties: 'parties' };

function flagOfField(field: string): string {
  const [head = '', ...rest] = field.split('.');
  const flag = FLAG_OF_FIELD[head] ?? `--${head.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  return [flag, ...rest].join('.');
}

const CLI_CODE_OF: Record<CaseClientErrorCode, CliErrorCode> = {
  'not-found': 'not-found',
  rejected: 'rejected',
  'duplicate-conflict': 'conflict',
  invalid: 'usage',
  unavailable: 'unreachable',
};

/** A client function's typed error in the CLI's terms: the same code for the same failure, the flag named. */
export function cliErrorOf(err: CaseClientError): CliError {
  if (err.code === 'invalid' && err.field !== undefined && err.message.startsWith(`${err.field}: `)) {
    return new CliError('usage', `${flagOfField(err.field)}: ${err.message.slice(err.field.length + 2)}`);
  }
  return new CliError(err.timedOut ? 'timeout' : CLI_CODE_OF[err.code], err.message);
}

/** Any failure as a CliError: ours as they are, the client's mapped, anything else as `failed`. */
export function asCliError(err: unknown): CliError {
  if (err instanceof CliError) return err;
  if (err instanceof CaseClientError) return cliErrorOf(err);
  return new CliError('failed', err instanceof Error ? err.message : String(err));
}
