// A holiday notified by a government after the SOP was published (moon-sighted Eid days, declared holidays):
// effective-dated calendar data of its own, never a new SOP version, folded into a case's calendars.
import { z } from 'zod';
import { id, isCalendarDate, isoDate, provinceId } from './common';
import { isoDateToDayNumber, localToInstant, MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE } from '../legal-time/local-days';

export const holidayNotification = z
  .object({
    /** Idempotency key: the same notification sent twice changes a case once. */
    id: z.string().regex(/^[A-Za-z0-9:._\-/]{1,120}$/, 'must be 1–120 letters, digits or : . _ - /'),
    province: id,
    dates: z.array(isoDate).min(1).max(31),
    name: z.string().min(1).max(200),
    /** When the notification was issued (epoch ms): it governs deadlines computed from then on. */
    notifiedAt: z.number().int(),
    /** The notification itself, e.g. "Cabinet Division No. 10/1/2026-Min-II". */
    notification: z.string().min(1).max(300),
    /** The calendar ids it closes (e.g. office, court); empty: every calendar of the province. */
    appliesTo: z.array(id).default([]),
  })
  .strict();
export type HolidayNotification = z.infer<typeof holidayNotification>;

/**
 * In a file a person writes, when it was notified is a local date or date-time (Asia/Karachi), e.g.
 * "2026-06-15T12:00"; epoch milliseconds are accepted too (what the wire form carries).
 */
const notifiedAtInFile = z
  .union([
    z.number().int(),
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/, 'must be a local date YYYY-MM-DD or date-time YYYY-MM-DDTHH:MM (Asia/Karachi)')
      .refine((v) => isCalendarDate(v.slice(0, 10)), 'is not a calendar date'),
  ])
  .transform((v) => (typeof v === 'number' ? v : localDateTimeToInstant(v)));

/** One notice as a file lists it: the province is the file's. */
export const holidayNotificationEntry = holidayNotification.omit({ province: true }).extend({ notifiedAt: notifiedAtInFile });

/** Notices as data of their own (sop-definitions/<province>/holiday-notifications/*.yaml): new cases load them. */
export const holidayNotificationFile = z
  .object({
    $schema: z.string().optional(),
    kind: z.literal('holiday-notifications'),
    province: provinceId,
    notifications: z.array(holidayNotificationEntry).default([]),
  })
  .strict();
export type HolidayNotificationFile = z.infer<typeof holidayNotificationFile>;

/** A file's notices in the wire form, each carrying the file's province. */
export function notificationsOfFile(file: HolidayNotificationFile): HolidayNotification[] {
  return file.notifications.map((n) => ({ ...n, province: file.province }));
}

function localDateTimeToInstant(value: string): number {
  const [date, time = '00:00'] = value.split('T') as [string, string?];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return localToInstant(isoDateToDayNumber(date) * MS_PER_DAY + hh * MS_PER_HOUR + mm * MS_PER_MINUTE);
}
