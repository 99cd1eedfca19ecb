// Sending one event to a case from an edge (the CLI's `case event` and task actions, the HTTP API): the request
// is checked here against the same schema the workflow's update validator uses, so a bad request is refused
// before anything is sent, with the field named.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { caseEventRequest, caseEventUpdate, type CaseEventReply, type CaseEventRequest } from '../workflows/case-messages';
import { invalidFromZod, translated } from './case-client-error';

/** An id for an event its sender did not name; the edge shows it, so a retry can reuse it (same id, one effect). */
export function generatedEventId(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

/** The request as the workflow will see it, or an `invalid` CaseClientError naming the field (`facts`, `id`…). */
export function checkedCaseEvent(input: unknown): CaseEventRequest {
  const parsed = caseEventRequest.safeParse(input);
  if (!parsed.success) throw invalidFromZod(parsed.error, '');
  return parsed.data;
}

/** An Update, executed: the reply comes after the case applied (or refused) the event. */
export function sendCaseEvent(client: Client, caseId: string, input: unknown): Promise<CaseEventReply & { request: CaseEventRequest }> {
  const request = checkedCaseEvent(input);
  return translated(client.options.namespace, async () => ({
    ...(await client.workflow.getHandle(caseId).executeUpdate(caseEventUpdate, { args: [request] })),
    request,
  }));
}
