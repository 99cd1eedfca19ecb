// Folds notified holidays into calendars as of an instant: pure, so a case replayed with the same
// notifications computes the same days.
import type { HolidayNotification } from '../schema/holiday-notification';
import type { CalendarDefinition, Instant } from './types';

/** Whether a notification closes days of this calendar. */
export function notificationApplies(n: HolidayNotification, calendarId: string): boolean {
  return n.appliesTo.length === 0 || n.appliesTo.includes(calendarId);
}

/**
 * The calendars with every notification issued by `asOf` added as a holiday (a date already closed keeps its
 * first name, so a notification confirming an expected day changes nothing). Unchanged calendars are returned
 * as they were, so compiled calendars cached by identity stay cached.
 */
export function foldNotifications(calendars: readonly CalendarDefinition[], notifications: readonly HolidayNotification[], asOf: Instant): CalendarDefinition[] {
  const issued = notifications.filter((n) => n.notifiedAt <= asOf).sort((a, b) => a.notifiedAt - b.notifiedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return calendars.map((calendar) => {
    const known = new Set(calendar.holidays.map((h) => h.date));
    const added: CalendarDefinition['holidays'] = [];
    for (const n of issued) {
      if (!notificationApplies(n, calendar.id)) continue;
      for (const date of n.dates) {
        if (known.has(date)) continue;
        known.add(date);
        added.push({ date, name: `${n.name} (${n.notification})` });
      }
    }
    return added.length === 0 ? calendar : { ...calendar, holidays: [...calendar.holidays, ...added].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)) };
  });
}
