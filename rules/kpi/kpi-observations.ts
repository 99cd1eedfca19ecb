// How one case contributes to each KPI, defined once: the simulator's accumulator (from a final case state) and
// the live read model (from the case engine's effects, counted in SQL) classify every observation with these
// functions, so a KPI cannot mean one thing in a simulation and another on live data.
import type { ClockStatus } from '../case-engine/index';
import type { Citation } from '../schema/common';
import { formatLocalDate } from '../legal-time/index';
import { binOf } from './duration-histogram';
import { STATUTORY_BAIL_SECTION } from './kpi-catalogue';

export type ClockVerdict = 'met' | 'breached' | null;

/**
 * A clock run counts as met (by its deadline) or breached (deadline passed, including met late and cancelled
 * after the breach); runs cancelled in time or still open are undecided and left out of the shares.
 */
export function clockVerdict(c: { status: ClockStatus; late?: boolean; breachedAt?: number | null }): ClockVerdict {
  if (c.status === 'met') return c.late ? 'breached' : 'met';
  if (c.status === 'breached') return 'breached';
  if (c.status === 'cancelled' && c.breachedAt !== undefined && c.breachedAt !== null) return 'breached';
  return null;
}

/** Statutory-bail clocks are recognised by the section they cite, so the law stays in the packs. */
export function isStatutoryBailClock(clock: { citation: Pick<Citation, 'section'> }): boolean {
  return clock.citation.section.includes(STATUTORY_BAIL_SECTION);
}

/** The calendar month (Asia/Karachi) an instant falls in, e.g. "2026-03": the month of a task landing. */
export function kpiMonth(at: number): string {
  return formatLocalDate(at).slice(0, 7);
}

/** The histogram bin a duration is counted in (median and p90 are read from the bins, on both sides). */
export function durationBin(ms: number): number {
  return binOf(ms);
}

/** Escalation history actions that land a task on a role: what escalations.per_role_month counts. */
export const TASK_LANDING_ACTIONS: ReadonlySet<string> = new Set(['opened', 'climbed', 'reassigned']);

/** A case dimension a KPI can be grouped by. */
export type KpiDimension = 'province' | 'district' | 'policeStation' | 'offenceClass' | 'prosecutorOffice' | 'firMonth';

/** The groups the simulator reports every KPI over (the whole cohort, each province, district, offence class). */
export const KPI_BASES: readonly (readonly KpiDimension[])[] = [[], ['province'], ['province', 'district'], ['offenceClass']];

/** A task whose SLA passed while it sat with a role at a level, and when. */
export interface OverdueTask {
  role: string;
  level: number;
  at: number;
}

/**
 * Where an escalation's SLA passed: a climb leaves the role (and level) the task sat with overdue, and an SLA
 * missed at the ladder's top leaves the top role overdue. What tasks.overdue_per_role_month counts.
 */
export function overdueTasks(history: readonly { at: number; action: string; role: string; level: number }[]): OverdueTask[] {
  const out: OverdueTask[] = [];
  let holder: { role: string; level: number } | null = null;
  for (const h of history) {
    if (h.action === 'climbed' && holder) out.push({ role: holder.role, level: holder.level, at: h.at });
    else if (h.action === 'sla-missed-at-top') out.push({ role: h.role, level: h.level, at: h.at });
    if (TASK_LANDING_ACTIONS.has(h.action)) holder = { role: h.role, level: h.level };
  }
  return out;
}

/** The overdue role of one escalation change, given who held the task before it (the projection's view). */
export function overdueOf(change: string, before: { role: string; level: number } | undefined, after: { role: string; level: number }): { role: string; level: number } | null {
  if (change === 'climbed') return before ? { role: before.role, level: before.level } : null;
  if (change === 'sla-missed-at-top') return { role: after.role, level: after.level };
  return null;
}

/** A completed run's length: cure time is the length of a defect-cure run met (challan resubmitted). */
export function completedRunMs(c: { status: ClockStatus; startedAt: number; endedAt?: number | null }): number | null {
  return c.status === 'met' && c.endedAt !== undefined && c.endedAt !== null ? c.endedAt - c.startedAt : null;
}
