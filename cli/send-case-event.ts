// Sending one event to a case: shared by `sopflow case event` and the supervisors' `sopflow tasks …`.
import { randomUUID } from 'node:crypto';
import { caseEventUpdate, type CaseEventReply, type CaseEventRequest } from '../workflows/case-messages';
import type { TemporalSession } from './temporal-session';

/** An id for an event the user did not name; printed so a retry can reuse it (same id, one effect). */
export function generatedEventId(): string {
  return `cli-${randomUUID()}`;
}

/** An Update, executed: the reply comes after the case applied (or refused) the event. */
export function sendCaseEvent(session: TemporalSession, caseId: string, request: CaseEventRequest): Promise<CaseEventReply> {
  return session.client.workflow.getHandle(caseId).executeUpdate(caseEventUpdate, { args: [request] });
}
