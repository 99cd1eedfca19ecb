// A holiday notified by a government after the SOP was published (moon-sighted Eid days, declared holidays):
// effective-dated calendar data of its own, never a new SOP version, folded into a case's calendars.
import { z } from 'zod';
import { id, isoDate } from './common';

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

export const holidayNotificationFile = z
  .object({
    $schema: z.string().optional(),
    kind: z.literal('holiday-notifications'),
    province: id,
    notifications: z.array(holidayNotification.omit({ province: true })).default([]),
  })
  .strict();
