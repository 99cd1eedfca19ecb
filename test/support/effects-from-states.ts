// TEMPORARY ADAPTER — to be replaced at merge by the case engine's own effects (rules/case-engine/index.ts).
// The engine in this branch does not yet return effects, so the projection tests derive a step's effect batch by
// comparing the states before and after it. Ids follow rules/case-engine/effects.ts, so a batch that repeats an
// earlier effect is de-duplicated by the projection exactly as a replayed real batch would be.
import type { CaseState, ClockInstance, EscalationStatus } from '../../rules/case-engine/case-state';
import type { CaseEffect, ClockEffect, EscalationChange, EscalationEffect } from '../../rules/case-engine/effects';

function clockEffects(c: ClockInstance): ClockEffect[] {
  const base = { type: 'clock' as const, clockKey: c.key, clockId: c.clockId, dueAt: c.dueAt };
  const out: ClockEffect[] = [{ ...base, id: `clock:${c.key}:started:${c.startedAt}`, change: 'started', at: c.startedAt, status: 'running' }];
  if (c.breachedAt !== undefined) out.push({ ...base, id: `clock:${c.key}:breached:${c.breachedAt}`, change: 'breached', at: c.breachedAt, status: 'breached' });
  if ((c.status === 'met' || c.status === 'cancelled') && c.endedAt !== undefined) {
    out.push({ ...base, id: `clock:${c.key}:${c.status}:${c.endedAt}`, change: c.status, at: c.endedAt, status: c.status, ...(c.late ? { late: true } : {}) });
  }
  return out;
}

const STATUS_AFTER: Record<string, EscalationStatus> = { acknowledged: 'acknowledged', resolved: 'resolved', closed: 'closed' };

/** The effects that lead from `before` (null: nothing yet) to `after`, in time order. */
export function effectsBetween(before: CaseState | null, after: CaseState): CaseEffect[] {
  const out: CaseEffect[] = [];
  for (const e of after.log) {
    out.push({ type: 'event-applied', id: `event:${e.id}`, eventId: e.id, eventType: e.type, at: e.at, stageAfter: after.stage, backDated: false });
  }
  for (const t of after.timeline) {
    if (t.kind === 'stage' && t.ref !== undefined) out.push({ type: 'stage-entered', id: `stage:${t.ref}:${t.at}`, at: t.at, from: null, to: t.ref });
  }
  for (const g of after.gateResults) {
    out.push({ type: 'gate-evaluated', id: `gate:${g.gateId}:${g.eventId}`, gateId: g.gateId, eventId: g.eventId, at: g.at, passed: g.passed, objections: g.objections.map((o) => o.code) });
  }
  const keys = new Set(after.clocks.map((c) => c.key));
  for (const c of after.clocks) out.push(...clockEffects(c));
  for (const c of before?.clocks ?? []) {
    if (!keys.has(c.key)) out.push({ type: 'clock', id: `clock:${c.key}:withdrawn:${after.now}`, change: 'withdrawn', clockKey: c.key, clockId: c.clockId, at: after.now, status: c.status, dueAt: c.dueAt });
  }
  for (const esc of after.escalations) {
    esc.history.forEach((h, i) => {
      const last = i === esc.history.length - 1;
      const effect: EscalationEffect = {
        type: 'escalation',
        id: `escalation:${esc.id}:${h.action}:${h.level}:${h.at}`,
        change: h.action as EscalationChange,
        escalationId: esc.id,
        at: h.at,
        status: last ? esc.status : (STATUS_AFTER[h.action] ?? 'open'),
        role: h.role,
        level: h.level,
        slaDueAt: last ? esc.slaDueAt : null,
        cause: esc.cause,
      };
      out.push(effect);
    });
  }
  // Stable time order; within an instant, events first (the FIR opens the case), then what they caused.
  const rank: Record<CaseEffect['type'], number> = { 'event-applied': 0, 'gate-evaluated': 1, 'stage-entered': 2, clock: 3, escalation: 4, 'sop-migrated': 5 };
  return out.map((e, i) => ({ e, i })).sort((a, b) => a.e.at - b.e.at || rank[a.e.type] - rank[b.e.type] || a.i - b.i).map(({ e }) => e);
}
