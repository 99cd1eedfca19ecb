// A holiday notified while the case runs: its calendars gain the day from the moment the notification reaches
// the case, every working-day deadline it moves is re-computed, and a task raised for a deadline that has now
// moved later is withdrawn with the notification as its reason. Idempotent by the notification's id.
import type { CompiledSop } from '../compiler/compile-sop';
import { formatLocalDateTime } from '../legal-time/local-days';
import type { Instant } from '../legal-time/types';
import type { HolidayNotification } from '../schema/holiday-notification';
import { jsonClone } from '../util/json-clone';
import type { CaseState } from './case-state';
import { refreshDue } from './clock-instances';
import { EffectLog, type CaseEffect } from './effects';
import { isLiveEscalation, slaDue } from './escalations';
import { advanceTo } from './timers';

export type HolidayOutcome =
  | { status: 'applied'; state: CaseState; effects: CaseEffect[]; sop: CompiledSop; moved: string[] }
  | { status: 'duplicate' | 'not-applicable'; state: CaseState; effects: []; sop: CompiledSop; moved: [] };

const when = (at: Instant | null): string => (at === null ? 'no deadline' : formatLocalDateTime(at));

export async function notifyHoliday(sop: CompiledSop, current: CaseState, notification: HolidayNotification, at: Instant): Promise<HolidayOutcome> {
  const unchanged = (status: 'duplicate' | 'not-applicable'): HolidayOutcome => ({ status, state: current, effects: [], sop, moved: [] });
  if (notification.province !== sop.province) return unchanged('not-applicable');
  if (current.notifiedHolidays?.some((n) => n.id === notification.id)) return unchanged('duplicate');

  const next = await sop.recompile({ notifications: [...sop.notifications, notification] });
  const state = jsonClone(current);
  const fx = new EffectLog();
  const now = Math.max(state.now, at);
  const named = `${notification.name} (${notification.notification})`;
  state.notifiedHolidays = [...(state.notifiedHolidays ?? []), jsonClone(notification)];
  const moved: string[] = [];
  for (const instance of state.clocks) {
    if (instance.status !== 'running' && instance.status !== 'paused' && instance.status !== 'breached') continue;
    const before = instance.dueAt;
    refreshDue(next, instance);
    if (instance.dueAt === before) continue;
    moved.push(instance.key);
    if (instance.warnAt !== null && instance.warnAt > now) instance.warned = false;
    const label = next.clocks.find((c) => c.id === instance.clockId)?.label ?? instance.clockId;
    state.timeline.push({ at: now, kind: 'clock', text: `re-computed: ${label}: ${named} notified; due ${when(before)} → ${when(instance.dueAt)}`, ref: instance.key });
    if (instance.status === 'breached' && instance.dueAt !== null && instance.dueAt > now) {
      // Breached for a day that was in truth a holiday: the breach and its task fall away.
      instance.status = instance.pauses.some((p) => p.to === undefined) ? 'paused' : 'running';
      delete instance.breachedAt;
      const reason = `withdrawn: ${named} moved the deadline to ${when(instance.dueAt)}`;
      for (const e of state.escalations) {
        if (!isLiveEscalation(e) || e.cause.kind !== 'clock-breach' || e.cause.clockKey !== instance.key) continue;
        e.status = 'closed';
        e.slaDueAt = null;
        e.closedReason = reason;
        e.history.push({ at: now, action: 'withdrawn', role: e.role, level: e.level, note: reason });
        state.timeline.push({ at: now, kind: 'escalation', text: `escalation ${reason}`, ref: e.id });
        fx.escalation(e, 'withdrawn', now, reason);
      }
    }
    fx.clock(instance, 'recomputed', now);
  }
  // A ladder that counts working days (a calendar ladder) moves its SLA too: the task climbs a day later.
  for (const e of state.escalations) {
    if (!isLiveEscalation(e) || e.slaDueAt === null) continue;
    const before = e.slaDueAt;
    const due = slaDue(next, e.ladderId, e.level, e.levelSince);
    if (due === before) continue;
    e.slaDueAt = due;
    const note = `${named} notified; SLA due ${when(before)} → ${when(due)}`;
    e.history.push({ at: now, action: 'sla-moved', role: e.role, level: e.level, note });
    state.timeline.push({ at: now, kind: 'escalation', text: `escalation SLA re-computed (${e.role}, level ${e.level}): ${note}`, ref: e.id });
    fx.escalation(e, 'sla-moved', now, note);
  }
  state.timeline.push({ at: now, kind: 'sop', text: `holiday notified: ${named} on ${notification.dates.join(', ')}; ${moved.length} deadline(s) moved`, ref: notification.id });
  fx.holiday({ at: now, notificationId: notification.id, name: notification.name, notification: notification.notification, moved });
  advanceTo(next, state, now, fx);
  return { status: 'applied', state, effects: fx.effects, sop: next, moved };
}
