// A synchronous step behind an asynchronous face: the result, or what it threw, as a settled promise (an
// executor's throw becomes the rejection), so callers of the old async steps see no difference.
export function asPromise<T>(step: () => T): Promise<T> {
  return new Promise<T>((resolve) => resolve(step()));
}
