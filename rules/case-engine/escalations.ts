// Escalation tasks: opened on a breach (or a gate that keeps failing) at the ladder's entry role, climbing a
// level each time an SLA passes unanswered, closed automatically when the cause is cured.
import type { CompiledSop } from '../compiler/compile-sop';
import { computeDeadline } from '../legal-time/index';
import type { Instant } from '../legal-time/types';
import type { CaseState, Escalation, EscalationExplanation } from './case-state';
import type { EffectLog } from './effects';

export function slaDue(sop: CompiledSop, ladderId: string, level: number, from: Instant): Instant | null {
  const ladder = sop.ladders.find((l) => l.id === ladderId)!;
  const step = ladder.levels[level - 1]!;
  const calendar = ladder.calendar ? sop.calendars.find((c) => c.id === ladder.calendar) : undefined;
  // Roll an SLA forward over closed days only when the ladder says whose days count.
  return computeDeadline({ start: from, duration: step.sla, ...(calendar ? { calendar } : {}), rollForward: Boolean(calendar), tolling: [], extensions: [] }).dueAt;
}

export function openEscalation(
  sop: CompiledSop,
  state: CaseState,
  args: { id: string; cause: Escalation['cause']; ladderId: string; startAt: string; at: Instant; explanation: EscalationExplanation },
  fx: EffectLog,
): Escalation | undefined {
  // One task per cause: a breach never opens a second task while its first exists.
  if (state.escalations.some((e) => e.id === args.id)) return undefined;
  const ladder = sop.ladders.find((l) => l.id === args.ladderId)!;
  const level = ladder.levels.findIndex((l) => l.role === args.startAt) + 1;
  const escalation: Escalation = {
    id: args.id,
    cause: args.cause,
    ladderId: args.ladderId,
    level,
    role: args.startAt,
    status: 'open',
    openedAt: args.at,
    levelSince: args.at,
    slaDueAt: slaDue(sop, args.ladderId, level, args.at),
    history: [{ at: args.at, action: 'opened', role: args.startAt, level }],
    explanation: args.explanation,
  };
  state.escalations.push(escalation);
  if (fx.narrates) state.timeline.push({ at: args.at, kind: 'escalation', text: `escalation to ${args.startAt} (level ${level}): ${args.explanation.summary}`, ref: args.id });
  fx.escalation(escalation, 'opened', args.at);
  return escalation;
}

/** The SLA passed with the task unanswered: hand it to the next level (the top level keeps it). */
export function climb(sop: CompiledSop, state: CaseState, escalation: Escalation, at: Instant, fx: EffectLog): void {
  const ladder = sop.ladders.find((l) => l.id === escalation.ladderId)!;
  if (escalation.level >= ladder.levels.length) {
    escalation.slaDueAt = null;
    escalation.history.push({ at, action: 'sla-missed-at-top', role: escalation.role, level: escalation.level });
    if (fx.narrates) state.timeline.push({ at, kind: 'escalation', text: `${escalation.role} did not act; the ladder has no higher level`, ref: escalation.id });
    fx.escalation(escalation, 'sla-missed-at-top', at);
    return;
  }
  escalation.level += 1;
  escalation.role = ladder.levels[escalation.level - 1]!.role;
  escalation.levelSince = at;
  escalation.slaDueAt = slaDue(sop, escalation.ladderId, escalation.level, at);
  escalation.history.push({ at, action: 'climbed', role: escalation.role, level: escalation.level });
  if (fx.narrates) state.timeline.push({ at, kind: 'escalation', text: `escalation climbed to ${escalation.role} (level ${escalation.level})`, ref: escalation.id });
  fx.escalation(escalation, 'climbed', at);
}

export function reassign(sop: CompiledSop, state: CaseState, escalation: Escalation, toRole: string, at: Instant, by: string, fx: EffectLog): void {
  const ladder = sop.ladders.find((l) => l.id === escalation.ladderId)!;
  escalation.level = ladder.levels.findIndex((l) => l.role === toRole) + 1;
  escalation.role = toRole;
  escalation.levelSince = at;
  escalation.status = 'open';
  escalation.slaDueAt = slaDue(sop, escalation.ladderId, escalation.level, at);
  escalation.history.push({ at, action: 'reassigned', role: toRole, level: escalation.level, note: `by ${by}` });
  if (fx.narrates) state.timeline.push({ at, kind: 'escalation', text: `escalation reassigned to ${toRole} by ${by}`, ref: escalation.id });
  fx.escalation(escalation, 'reassigned', at, `by ${by}`);
}

/** Closes every unresolved task a cause raised, with the reason. */
export function closeEscalationsFor(state: CaseState, matches: (e: Escalation) => boolean, at: Instant, reason: string, fx: EffectLog): void {
  for (const e of state.escalations) {
    if (isLiveEscalation(e) && matches(e)) {
      e.status = 'closed';
      e.slaDueAt = null;
      e.closedReason = reason;
      e.history.push({ at, action: 'closed', role: e.role, level: e.level, note: reason });
      if (fx.narrates) state.timeline.push({ at, kind: 'escalation', text: `escalation closed: ${reason}`, ref: e.id });
      fx.escalation(e, 'closed', at, reason);
    }
  }
}

/** Open or acknowledged: a task someone must still act on. */
export const isLiveEscalation = (e: Escalation): boolean => e.status === 'open' || e.status === 'acknowledged';
