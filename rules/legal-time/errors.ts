// The one error the legal-time calculus throws, so callers can tell refused input from their own bugs.

/** Input the calculus refuses to count: malformed, missing a needed calendar, or beyond the 20-year guard. */
export class LegalTimeError extends Error {
  override readonly name = 'LegalTimeError';
}
