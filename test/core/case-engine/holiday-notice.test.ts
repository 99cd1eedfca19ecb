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
});
