// A working calendar (office or court) of one province: its closed weekdays and the holidays notified per year.
import { z } from 'zod';
import { id, isoDate } from './common';

export const weekdayName = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

const year = z.string().regex(/^\d{4}$/, 'must be a year, e.g. "2026"');

/**
 * A moon-dependent day (Eid, Ashura, 12 Rabi-ul-Awwal) is `expected` until the press release that confirms it;
 * a day the annual circular fixes is `notified`.
 */
export const holidayStatus = z.enum(['notified', 'expected']);

export const holidaySpec = z
  .object({
    date: isoDate,
    name: z.string().min(1),
    status: holidayStatus.default('notified'),
    note: z.string().min(1).optional(),
  })
  .strict();

/** The notification a year's holidays come from (Cabinet Division's annual circular, a provincial order…). */
export const holidayNotification = z
  .object({
    issuedBy: z.string().min(1),
    title: z.string().min(1),
    /** The circular's number, only when it was seen; never guessed. */
    reference: z.string().min(1).optional(),
    /** issued: the circular exists; expected: not yet issued, so the year's days are projections. */
    status: z.enum(['issued', 'expected']),
    /** true only when the notification's own text was seen (not a press report of it). */
    verified: z.boolean(),
    source: z.string().min(1),
    note: z.string().min(1).optional(),
  })
  .strict();
export type HolidayNotification = z.infer<typeof holidayNotification>;

export const calendarSpec = z
  .object({
    id,
    kind: z.enum(['office', 'court']),
    label: z.string().min(1),
    /**
     * One calendar is one working week: five-day offices (Sat–Sun closed) and six-day offices and courts (Sun
     * closed) get separate calendars, each listing the days notified for its week.
     */
    closedWeekdays: z.array(weekdayName),
    /** Holidays notified per year (Eid dates move with the moon, so each year is listed). */
    holidays: z.record(year, z.array(holidaySpec)).default({}),
    /** The notifications each listed year comes from (federal circular, provincial orders); every year in `holidays` needs one. */
    notifications: z.record(year, z.array(holidayNotification).min(1)).default({}),
    note: z.string().optional(),
  })
  .strict();
export type CalendarSpec = z.infer<typeof calendarSpec>;
