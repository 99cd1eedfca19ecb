import { z } from 'zod';
import { id, isoDate } from './common';

export const weekdayName = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

export const calendarSpec = z
  .object({
    id,
    kind: z.enum(['office', 'court']),
    label: z.string().min(1),
    closedWeekdays: z.array(weekdayName),
    /** Holidays notified per year (Eid dates move with the moon, so each year is listed). */
    holidays: z
      .record(
        z.string().regex(/^\d{4}$/, 'must be a year, e.g. "2026"'),
        z.array(z.object({ date: isoDate, name: z.string().min(1) }).strict()),
      )
      .default({}),
    note: z.string().optional(),
  })
  .strict();
export type CalendarSpec = z.infer<typeof calendarSpec>;
