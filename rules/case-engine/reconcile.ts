// What a re-computation did. A back-dated event or an SOP migration rebuilds the case from its log; replaying
// that history's effects would announce again what was announced long ago, so the effects of a rebuild are
// what changed between the case before it and after it, stated in the same typed terms.
import { unionOfTolling } from '../legal-time/tolling';
import type { Instant } from '../legal-time/types';
import type { CaseState, ClockInstance, Escalation } from './case-state';
import type { ClockRunRecord, EffectLog, EscalationChange } from './effects';
import { isLiveEscalation } from './escalations';

function escalationChange(before: Escalation, after: Escalation): EscalationChange | null {
  if (before.status === after.status && before.role === after.role && before.level === after.level && before.slaDueAt === after.slaDueAt) return null;
  if (after.status === 'closed') return 'closed';
  if (after.status === 'resolved') return 'resolved';
  if (after.status === 'acknowledged' && before.status !== 'acknowledged') return 'acknowledged';
  if (after.level > before.level) return 'climbed';
  if (after.role !== before.role || after.level !== before.level) return 'reassigned';
  // Same holder, a new SLA (e.g. re-opened by a re-computation): the task's deadline moved.
  return 'reassigned';
}

const sameRun = (a: ClockInstance, b: ClockInstance): boolean =>
  a.status === b.status && a.dueAt === b.dueAt && a.startedAt === b.startedAt && a.pauses.length === b.pauses.length && a.extensions.length === b.extensions.length;

function runRecord(c: ClockInstance): ClockRunRecord {
  const union = unionOfTolling(c.pauses);
  const open = union.find((p) => p.to === undefined);
  return {
    startedAt: c.startedAt,
    warnedAt: c.warned ? c.warnAt : null,
    breachedAt: c.breachedAt ?? null,
    endedAt: c.endedAt ?? null,
    pausedSince: open ? open.from : null,
    tolledMs: union.reduce((sum, p) => sum + (p.to !== undefined ? p.to - p.from : 0), 0),
    extensions: c.extensions.length,
  };
}

export function reconcile(before: CaseState, after: CaseState, at: Instant, reason: string, fx: EffectLog): void {
  if (before.stage !== after.stage) fx.stage(before.stage, after.stage, at);

  const clocksBefore = new Map(before.clocks.map((c) => [c.key, c]));
  const clocksAfter = new Set(after.clocks.map((c) => c.key));
  for (const c of before.clocks) {
    if (!clocksAfter.has(c.key)) fx.clock({ ...c, status: 'cancelled', dueAt: null }, 'withdrawn', at);
  }
  for (const c of after.clocks) {
    const was = clocksBefore.get(c.key);
    if (!was) fx.clock(c, 'started', at, { run: runRecord(c) });
    else if (!sameRun(was, c)) fx.clock(c, 'recomputed', at, { run: runRecord(c) });
  }

  const escalationsBefore = new Map(before.escalations.map((e) => [e.id, e]));
  const escalationsAfter = new Set(after.escalations.map((e) => e.id));
  // Withdrawn first: a task that no longer applies is closed before any new one is raised.
  for (const e of before.escalations) {
    if (escalationsAfter.has(e.id) || !isLiveEscalation(e)) continue;
    fx.escalation({ ...e, status: 'closed', slaDueAt: null }, 'withdrawn', at, `no longer applies: ${reason}`);
  }
  for (const e of after.escalations) {
    const was = escalationsBefore.get(e.id);
    if (!was) {
      // Raised and cured within the re-computed past: nothing for anyone to act on now.
      if (isLiveEscalation(e)) fx.escalation(e, 'opened', at);
      continue;
    }
    const change = escalationChange(was, e);
    if (change) fx.escalation(e, change, at, e.closedReason);
  }
}
