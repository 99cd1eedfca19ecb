// A workflow that runs the legal-time calculus inside Temporal's deterministic sandbox (bundled by
// sandbox.test.ts), so a sandbox-incompatible import or global in the core fails a test, not production.
import { computeDeadline, describeClock, type DeadlineInput } from '../../../rules/legal-time/index';

export function legalTimeProbe(input: DeadlineInput, now: number): Promise<{ dueAt: number | null; summary: string }> {
  return Promise.resolve({ dueAt: computeDeadline(input).dueAt, summary: describeClock(input, now).summary });
}
