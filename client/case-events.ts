// Sending one event to a case from an edge (the CLI's `case event` and task actions, the HTTP API): the request
// is checked here against the same schema the workflow's update validator uses, so a bad request is refused
// before anything is sent, with the field named.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { LoggedEvent } from '../rules/case-engine/index';
import { caseEventRequest, caseEventUpdate, FUTURE_SKEW_MS, caseStateQuery, type CaseEventReply, type CaseEventRequest } from '../workflows/case-messages';
import { CaseClientError, invalid, invalidFromZod, translated } from './case-client-error';

/** An id for an event its sender did not name; the edge shows it, so a retry can reuse it (same id, one effect). */
export function generatedEventId(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

/** The request as the workflow will see it, or an `invalid` CaseClientError naming the field (`facts`, `id`…). */
export function checkedCaseEvent(input: unknown, now: number = Date.now()): CaseEventRequest {
  const parsed = caseEventRequest.safeParse(input);
  if (!parsed.success) throw invalidFromZod(parsed.error, '');
  // Dated ahead, an event would move the case's time and breach its clocks for days that have not come.
  if (parsed.data.at !== undefined && parsed.data.at > now + FUTURE_SKEW_MS) {
    throw invalid('at', `is in the future (${new Date(parsed.data.at).toISOString()}); an event is sent once it has happened`);
  }
  return parsed.data;
}

/** Canonical JSON (keys sorted), so two bodies compare by content and not by key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Whether a logged event is the request sent again: same type, facts and data, and the same time when the
 * request names one (an event sent without a time was logged with its arrival time, which a retry cannot know).
 */
export function sameEvent(logged: Pick<LoggedEvent, 'type' | 'at' | 'facts' | 'data'>, request: CaseEventRequest): boolean {
  return (
    logged.type === request.type &&
    (request.at === undefined || logged.at === request.at) &&
    canonical(logged.facts ?? {}) === canonical(request.facts ?? {}) &&
    canonical(logged.data ?? {}) === canonical(request.data ?? {})
  );
}

/**
 * An Update, executed: the reply comes after the case applied (or refused) the event. An id the case has
 * logged before answers "duplicate" when the body is the same, and a `duplicate-conflict` error when it is not
 * (until the engine refuses a reused id itself, the logged event is read back to compare: one query, only
 * for duplicates).
 */
export function sendCaseEvent(client: Client, caseId: string, input: unknown): Promise<CaseEventReply & { request: CaseEventRequest }> {
  const request = checkedCaseEvent(input);
  return translated(client.options.namespace, async () => {
    const handle = client.workflow.getHandle(caseId);
    const reply = await handle.executeUpdate(caseEventUpdate, { args: [request] });
    if (reply.status === 'duplicate') {
      const logged = (await handle.query(caseStateQuery)).log.find((e) => e.id === request.id);
      if (logged && !sameEvent(logged, request)) {
        throw new CaseClientError('duplicate-conflict', `event id "${request.id}" was used before for another event; a reused id must carry the same body`, 'id');
      }
    }
    return { ...reply, request };
  });
}

/** One entry of a case's event log as an audit reads it: ids, types and times, never facts. */
export interface LoggedEventEntry {
  id: string;
  type: string;
  at: number;
}

/** Every event the case has applied, once each as it logged them (supervisors' task actions included). */
export function caseEventLog(client: Client, caseId: string): Promise<LoggedEventEntry[]> {
  return translated(client.options.namespace, async () => {
    const state = await client.workflow.getHandle(caseId).query(caseStateQuery);
    return state.log.map((e) => ({ id: e.id, type: e.type, at: e.at }));
  });
}
