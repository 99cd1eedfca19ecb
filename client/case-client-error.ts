// The errors every client function throws, with a stable code, so the CLI and the HTTP API map a failure the
// same way (exit code and message, HTTP status) instead of each reading Temporal's error classes.
import { status } from '@grpc/grpc-js';
import {
  ApplicationFailure,
  isGrpcDeadlineError,
  isGrpcServiceError,
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { z } from 'zod';

export type CaseClientErrorCode =
  | 'not-found' // no such case or task
  | 'rejected' // the case refused the request; the reason is the SOP's
  | 'duplicate-conflict' // the FIR's case exists and is closed (not reopened), or an event id was reused for another event
  | 'invalid' // the request is malformed or implausible; `field` names what
  | 'unavailable'; // Temporal, or a worker for the case, did not answer

export class CaseClientError extends Error {
  override readonly name = 'CaseClientError';
  constructor(
    readonly code: CaseClientErrorCode,
    message: string,
    /** For `invalid`: the request field at fault (`district`, `facts.challan.documents`…). */
    readonly field?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** True when no answer came in time (as opposed to a lost connection): usually no worker is polling. */
  get timedOut(): boolean {
    return this.code === 'unavailable' && this.cause !== undefined && (this.cause instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isGrpcDeadlineError(rootCause(this.cause)));
  }
}

export function invalid(field: string, message: string): CaseClientError {
  return new CaseClientError('invalid', `${field}: ${message}`, field);
}

/** A schema's first problem as an `invalid` error naming the field (`what.path`). */
export function invalidFromZod(error: z.ZodError, what: string): CaseClientError {
  const issue = error.issues[0]!;
  const field = [what, ...issue.path.map(String)].filter((p) => p !== '').join('.') || 'request';
  return invalid(field, issue.message);
}

function rootCause(err: unknown): unknown {
  return err instanceof ServiceError || err instanceof WorkflowUpdateRPCTimeoutOrCancelledError ? (err.cause ?? err) : err;
}

/** Temporal's failures in the words of a case worker; anything unrecognised is rethrown as it is. */
export function caseClientError(err: unknown, namespace: string): unknown {
  if (err instanceof CaseClientError) return err;
  if (err instanceof WorkflowUpdateFailedError) {
    // The case refuses an event id it already holds for another event: the caller reused an id.
    const reused = err.cause instanceof ApplicationFailure && err.cause.type === 'EventIdReused';
    return new CaseClientError(reused ? 'duplicate-conflict' : 'rejected', err.cause?.message ?? err.message, reused ? 'id' : undefined, { cause: err });
  }
  if (err instanceof WorkflowNotFoundError) {
    return new CaseClientError('not-found', `no running case "${err.workflowId}" in namespace "${namespace}"`, undefined, { cause: err });
  }
  if (err instanceof WorkflowExecutionAlreadyStartedError) {
    return new CaseClientError('duplicate-conflict', `case ${err.workflowId} was opened before and is closed; a closed FIR's case is not reopened`, undefined, { cause: err });
  }
  if (err instanceof z.ZodError) return invalidFromZod(err, 'request');
  const cause = rootCause(err);
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isGrpcDeadlineError(cause)) {
    return new CaseClientError('unavailable', 'no answer in time: is a sopflow worker running for this case’s task queue (npm start)?', undefined, { cause: err });
  }
  if (isGrpcServiceError(cause) && cause.code === status.UNAVAILABLE) {
    return new CaseClientError('unavailable', `lost the connection to Temporal: ${cause.details}`, undefined, { cause: err });
  }
  return err;
}

/** Runs one client call with its failures translated. */
export async function translated<T>(namespace: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw caseClientError(err, namespace);
  }
}
