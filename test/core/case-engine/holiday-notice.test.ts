// Holidays notified while a case runs move its working-day deadlines and withdraw tasks raised for the old ones.
import { describe, expect, it } from 'vitest';
import { advanceCase, applyEvent, notifyHoliday, type HolidayNotification } from '../../../rules/case-engine/index';
import { foldNotifications } from '../../../rules/legal-time/notified-holidays';
import { parseLocalDateTime } from '../../../rules/scenarios/scenario-time';
import { compilePunjab, HOUR, openState, theftInCustody } from './fixtures';

const fir = parseLocalDateTime('2026-05-31T10:00');
const eid: HolidayNotification = {
  id: 'cabinet-2026-eid-extra',
  province: 'punjab',
  dates: ['2026-06-17'],
  name: 'Eid holiday (notified)',
  notifiedAt: parseLocalDateTime('2026-06-15T12:00'),
  notification: 'Cabinet Division No. test/2026',
  appliesTo: [],
};

async function opened() {
  const sop = await compilePunjab();
  return { sop, state: await openState(sop, theftInCustody, fir) };
}
const investigation = (s: { clocks: { clockId: string; dueAt: number | null; status: string }[] }) => s.clocks.find((c) => c.clockId === 'interim-report')!;

describe('notified holidays', () => {
  it('folds only the notifications issued by the instant asked', () => {
    const base = [{ id: 'office', closedWeekdays: [6, 7] as (6 | 7)[], holidays: [] }];
    expect(foldNotifications(base, [eid], eid.notifiedAt - 1)[0]).toBe(base[0]);
    expect(foldNotifications(base, [eid], eid.notifiedAt)[0]!.holidays).toEqual([{ date: '2026-06-17', name: 'Eid holiday (notified) (Cabinet Division No. test/2026)' }]);
  });

  it('moves a running deadline that falls on the notified day, once, and a later back-dated event keeps it', async () => {
    const { sop, state } = await opened();
    expect(investigation(state).dueAt).toBe(parseLocalDateTime('2026-06-18T00:00'));
    const notified = await notifyHoliday(sop, state, eid, eid.notifiedAt);
    expect(notified.status).toBe('applied');
    expect(investigation(notified.state).dueAt).toBe(parseLocalDateTime('2026-06-19T00:00'));
    expect(notified.moved).toEqual(['interim-report#1']);
    expect(notified.effects.find((e) => e.type === 'holiday-notified')).toMatchObject({ notificationId: eid.id, moved: ['interim-report#1'] });
    expect((await notifyHoliday(notified.sop, notified.state, eid, eid.notifiedAt + HOUR)).status).toBe('duplicate');
    expect((await notifyHoliday(notified.sop, notified.state, { ...eid, id: 'sindh', province: 'sindh' }, eid.notifiedAt)).status).toBe('not-applicable');
    const backDated = await applyEvent(notified.sop, notified.state, { id: 'arrest', type: 'ACCUSED_ARRESTED', at: fir + HOUR });
    expect(investigation(backDated.state).dueAt).toBe(parseLocalDateTime('2026-06-19T00:00'));
  });

  it('withdraws a task raised for the old deadline, naming the notification', async () => {
    const { sop, state } = await opened();
    const late = advanceCase(sop, state, parseLocalDateTime('2026-06-18T09:00')).state;
    expect(investigation(late).status).toBe('breached');
    const task = late.escalations.find((e) => e.cause.kind === 'clock-breach' && e.cause.clockId === 'interim-report')!;
    expect(task.status).toBe('open');
    const notified = await notifyHoliday(sop, late, { ...eid, notifiedAt: parseLocalDateTime('2026-06-18T09:00') }, parseLocalDateTime('2026-06-18T09:00'));
    expect(investigation(notified.state).status).toBe('running');
    const withdrawn = notified.effects.find((e) => e.type === 'escalation' && e.escalationId === task.id);
    expect(withdrawn).toMatchObject({ change: 'withdrawn', status: 'closed' });
    expect(withdrawn && 'reason' in withdrawn ? withdrawn.reason : '').toContain('Cabinet Division No. test/2026');
    // The moved deadline is missed too: a new task, under a new id.
    const missed = advanceCase(notified.sop, notified.state, parseLocalDateTime('2026-06-19T00:00')).state;
    expect(missed.escalations.filter((e) => e.status === 'open').map((e) => e.id)).toEqual([`${task.id}/2`]);
  });

  it('moves the SLA of an escalation whose ladder counts working days: the task climbs a working day later', async () => {
    const woman = { ...theftInCustody, fir: { number: '78', year: 2026 }, accused: { sex: 'female' as const } };
    const sop = await compilePunjab(woman);
    const state = await openState(sop, woman, parseLocalDateTime('2026-06-10T10:00'));
    const arrested = await applyEvent(sop, state, { id: 'a', type: 'ACCUSED_ARRESTED', at: parseLocalDateTime('2026-06-10T12:00'), facts: { accused: { inCustody: true } } });
    // s.167(5): police custody for a woman in theft escalates straight to the SP (5 working days, office calendar).
    const remanded = await applyEvent(arrested.sop, arrested.state, { id: 'r', type: 'PHYSICAL_REMAND_ORDERED', at: parseLocalDateTime('2026-06-11T11:00') });
    const task = () => remanded.state.escalations.find((e) => e.id === 'gate:woman-police-custody')!;
    // Fri 12, Mon 15 … Thu 18 June (Saturdays and Sundays closed): climbs at the start of Fri 19.
    expect(task()).toMatchObject({ role: 'sp_investigation', level: 4, slaDueAt: parseLocalDateTime('2026-06-19T00:00') });

    const notice = { ...eid, id: 'eid-15-june', dates: ['2026-06-15'], notifiedAt: parseLocalDateTime('2026-06-12T12:00') };
    const notified = await notifyHoliday(remanded.sop, remanded.state, notice, notice.notifiedAt);
    const moved = notified.state.escalations.find((e) => e.id === 'gate:woman-police-custody')!;
    expect(moved.slaDueAt).toBe(parseLocalDateTime('2026-06-20T00:00'));
    expect(moved.history.at(-1)).toMatchObject({ action: 'sla-moved', level: 4 });
    const effect = notified.effects.find((e) => e.type === 'escalation' && e.change === 'sla-moved');
    expect(effect).toMatchObject({ escalationId: moved.id, slaDueAt: moved.slaDueAt, level: 4 });
    expect(effect && 'reason' in effect ? effect.reason : '').toContain('Cabinet Division No. test/2026');
    expect(notified.state.timeline.some((t) => t.kind === 'escalation' && t.text.includes('SLA due 2026-06-19 00:00 → 2026-06-20 00:00'))).toBe(true);

    // The old SLA passes with the task still with the SP; the new one climbs it to the DPO.
    const atOld = advanceCase(notified.sop, notified.state, parseLocalDateTime('2026-06-19T09:00')).state;
    expect(atOld.escalations.find((e) => e.id === moved.id)).toMatchObject({ role: 'sp_investigation', level: 4 });
    const atNew = advanceCase(notified.sop, notified.state, parseLocalDateTime('2026-06-20T00:00')).state;
    expect(atNew.escalations.find((e) => e.id === moved.id)).toMatchObject({ role: 'dpo', level: 5 });
    // Without the notice it would have climbed on the old day.
    expect(advanceCase(remanded.sop, remanded.state, parseLocalDateTime('2026-06-19T09:00')).state.escalations.find((e) => e.id === moved.id)?.role).toBe('dpo');
    // Sent twice, the SLA moves once.
    expect((await notifyHoliday(notified.sop, notified.state, notice, notice.notifiedAt)).status).toBe('duplicate');
  });
});
