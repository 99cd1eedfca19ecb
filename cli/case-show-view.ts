// What `sopflow case show` prints, built from the case state the workflow returns. The shape follows the
// case view the core is getting (rules/explain/case-view.ts); until the workflow serves that view, the CLI
// derives it here from CaseState, with the ledger told from the clock instance itself.
import type { CaseState, ClockInstance, ClockStatus, Escalation, GateResult, TimelineEntry } from '../rules/case-engine/case-state';
import type { CaseFacts } from '../rules/schema/case-facts';
import type { Extension, TollingInterval } from '../rules/legal-time/types';
import { formatKarachi } from './iso-instant';

export interface ClockShow {
  key: string;
  clockId: string;
  label: string;
  status: ClockStatus;
  startedAt: number;
  startedBy: string;
  dueAt: number | null;
  /** Milliseconds until due (negative: overdue); null when paused or ended. */
  remainingMs: number | null;
  paused: boolean;
  pauses: TollingInterval[];
  extensions: Extension[];
  breachedAt?: number;
  endedAt?: number;
  endedBy?: string;
  late?: boolean;
  ledger: { summary: string; lines: string[] };
}

export interface CaseShow {
  caseId: string;
  asOf: number;
  stage: { id: string; label: string };
  sop: { hash: string; caseSopHash: string; overlays: string[] };
  facts: CaseFacts;
  clocks: ClockShow[];
  openEscalations: Escalation[];
  closedEscalations: number;
  /** The last result of each gate, with its objections and the comparisons that decided it. */
  gates: GateResult[];
  timeline: TimelineEntry[];
  allowedEvents: string[];
}

export function formatDuration(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return `${days} d ${hours} h`;
  return hours > 0 ? `${hours} h ${minutes % 60} min` : `${minutes} min`;
}

function ledgerOf(c: ClockInstance, now: number): ClockShow['ledger'] {
  const lines = [`started ${formatKarachi(c.startedAt)} by ${c.startedBy}`];
  for (const p of c.pauses) lines.push(`paused ${formatKarachi(p.from)} – ${p.to === undefined ? 'still paused' : formatKarachi(p.to)} (${p.reason})`);
  for (const x of c.extensions) lines.push(`extended by ${x.amount} by ${x.grantedBy} on ${formatKarachi(x.grantedAt)}`);
  if (c.dueAt !== null) lines.push(`due ${formatKarachi(c.dueAt)}`);
  if (c.breachedAt !== undefined) lines.push(`breached ${formatKarachi(c.breachedAt)}`);
  if (c.endedAt !== undefined) lines.push(`${c.status} ${formatKarachi(c.endedAt)}${c.endedBy ? ` (${c.endedBy})` : ''}${c.late ? ', late' : ''}`);
  const live = c.status === 'running' || c.status === 'breached';
  let summary: string;
  if (c.status === 'paused') summary = 'paused';
  else if (!live || c.dueAt === null) summary = `${c.status}${c.endedAt !== undefined ? ` ${formatKarachi(c.endedAt)}` : ''}`;
  else if (c.dueAt > now) summary = `due ${formatKarachi(c.dueAt)}; ${formatDuration(c.dueAt - now)} left`;
  else summary = `due ${formatKarachi(c.dueAt)}; overdue by ${formatDuration(now - c.dueAt)}`;
  return { summary, lines };
}

function clockShow(c: ClockInstance, now: number): ClockShow {
  const live = c.status === 'running' || c.status === 'breached';
  return {
    key: c.key,
    clockId: c.clockId,
    label: c.clockId,
    status: c.status,
    startedAt: c.startedAt,
    startedBy: c.startedBy,
    dueAt: c.dueAt,
    remainingMs: live && c.dueAt !== null ? c.dueAt - now : null,
    paused: c.status === 'paused',
    pauses: c.pauses,
    extensions: c.extensions,
    ...(c.breachedAt !== undefined ? { breachedAt: c.breachedAt } : {}),
    ...(c.endedAt !== undefined ? { endedAt: c.endedAt } : {}),
    ...(c.endedBy !== undefined ? { endedBy: c.endedBy } : {}),
    ...(c.late ? { late: true } : {}),
    ledger: ledgerOf(c, now),
  };
}

export function caseShowFromState(caseId: string, state: CaseState, extra: { allowedEvents: string[]; overlays: string[] }): CaseShow {
  const lastGate = new Map<string, GateResult>();
  for (const g of state.gateResults) lastGate.set(g.gateId, g);
  return {
    caseId,
    asOf: state.now,
    stage: { id: state.stage, label: state.stage },
    sop: { hash: state.sopHash, caseSopHash: state.caseSopHash, overlays: extra.overlays },
    facts: state.facts,
    clocks: state.clocks.map((c) => clockShow(c, state.now)),
    openEscalations: state.escalations.filter((e) => e.status === 'open' || e.status === 'acknowledged'),
    closedEscalations: state.escalations.filter((e) => e.status === 'closed' || e.status === 'resolved').length,
    gates: [...lastGate.values()],
    timeline: state.timeline,
    allowedEvents: extra.allowedEvents,
  };
}
