// client/'s typed errors as problem documents: one mapping for every case, task and intake route. Messages of
// client/ name fields and SOP reasons, never personal data, so they are passed on as the detail.
import { CaseClientError } from '../../client/case-client-error';
import { ApiProblem } from '../problem';

export function problemOf(err: CaseClientError, part = 'body'): ApiProblem {
  switch (err.code) {
    case 'not-found':
      return new ApiProblem(404, 'not-found', 'no such resource');
    case 'rejected':
      return new ApiProblem(409, 'rejected', err.message);
    case 'duplicate-conflict':
      return new ApiProblem(409, 'duplicate-conflict', err.message, err.field ? [{ path: `${part}.${err.field}`, message: 'was used before with another value' }] : undefined);
    case 'invalid':
      return new ApiProblem(400, 'invalid-request', err.message, err.field ? [{ path: `${part}.${err.field}`, message: err.message }] : undefined);
    case 'unavailable':
      return new ApiProblem(503, 'engine-unavailable', 'the case engine did not answer in time; retry with the same idempotency key');
  }
}

/** Runs a port call with client/'s errors as problems; anything else propagates (a 500, logged). */
export async function viaClient<T>(call: () => Promise<T> | T, part = 'body'): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof CaseClientError) throw problemOf(err, part);
    throw err;
  }
}
