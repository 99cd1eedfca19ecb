// Scenario times in Asia/Karachi: "day N [HH:MM]" counts local days from the FIR's date.
import { dayNumberToIsoDate, isoDateToDayNumber, localDayNumber, localToInstant, MS_PER_DAY, MS_PER_HOUR } from '../legal-time/index';
import type { Instant } from '../legal-time/types';

const MS_PER_MINUTE = 60_000;

function localDateTime(date: string, hh: number, mm: number): Instant {
  return localToInstant(isoDateToDayNumber(date) * MS_PER_DAY + hh * MS_PER_HOUR + mm * MS_PER_MINUTE);
}

export function parseLocalDateTime(value: string): Instant {
  const [date, time] = value.split('T') as [string, string];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return localDateTime(date, hh, mm);
}

export function scenarioInstant(value: string, firAt: Instant): Instant {
  const m = /^day (-?\d+)(?: (\d{2}):(\d{2}))?$/.exec(value);
  if (!m) return parseLocalDateTime(value);
  const date = dayNumberToIsoDate(localDayNumber(firAt) + Number(m[1]));
  return localDateTime(date, Number(m[2] ?? 0), Number(m[3] ?? 0));
}

/** The inverse, for reports: "day 18 00:00". */
export function describeScenarioInstant(at: Instant, firAt: Instant): string {
  const day = localDayNumber(at) - localDayNumber(firAt);
  const minutes = Math.round((at - localToInstant(localDayNumber(at) * MS_PER_DAY)) / MS_PER_MINUTE);
  return `day ${day} ${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
