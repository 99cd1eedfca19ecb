// Event times in a history log: ISO 8601 with an offset, or Asia/Karachi local time (as police registers record
// them). Local times go through the core's own zone arithmetic, so they mean what scenario times mean.
import { isoDate } from '../../rules/schema/common';
import { isoDateToDayNumber, localToInstant, MS_PER_DAY } from '../../rules/legal-time/index';
import type { Instant } from '../../rules/legal-time/types';

const ISO_DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

export const EVENT_TIME_FORMAT = 'an ISO 8601 date-time such as 2026-03-02T10:00:00+05:00 or Asia/Karachi local 2026-03-02T10:00';

/** The instant, or why the text is not one. */
export function parseEventTime(text: string): { at: Instant } | { error: string } {
  const m = ISO_DATE_TIME.exec(text);
  if (!m) return { error: `"${text}" is not ${EVENT_TIME_FORMAT}` };
  const date = m[1]!;
  const zone = m[6];
  if (!isoDate.safeParse(date).success) return { error: `"${date}" is not a calendar date` };
  const hours = Number(m[2]);
  const minutes = Number(m[3]);
  const seconds = Number(m[4] ?? 0);
  if (hours > 23 || minutes > 59 || seconds > 59) return { error: `"${text}" has no such time of day` };
  const ms = ((hours * 60 + minutes) * 60 + seconds) * 1000 + Number((m[5] ?? '0').padEnd(3, '0'));
  const wallClock = isoDateToDayNumber(date) * MS_PER_DAY + ms;
  if (zone === undefined) return { at: localToInstant(wallClock) };
  if (zone === 'Z') return { at: wallClock };
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetHours = Number(digits.slice(0, 2));
  const offsetMinutes = Number(digits.slice(2));
  if (offsetHours > 14 || offsetMinutes > 59) return { error: `"${zone}" is not a UTC offset` };
  return { at: wallClock - sign * (offsetHours * 60 + offsetMinutes) * 60_000 };
}
