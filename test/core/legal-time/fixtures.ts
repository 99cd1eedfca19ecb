// Shared fixtures for the legal-time tests: readable Karachi times and two illustrative 2026 calendars.
// The calendars are test data, not the notified lists (Eid dates depend on the moon sighting).
import { DateTime } from 'luxon';
import type { CalendarDefinition, DeadlineInput, Instant } from '../../../rules/legal-time/index';

/** '2026-03-02 10:00' (Asia/Karachi wall-clock time) -> epoch ms. */
export function pkt(local: string): Instant {
  const parsed = DateTime.fromISO(local.replace(' ', 'T'), { zone: 'Asia/Karachi' });
  if (!parsed.isValid) throw new Error(`bad fixture time '${local}'`);
  return parsed.toMillis();
}

/** Punjab district courts sit Monday–Saturday (statutes.md §4), closed on Sundays and gazetted holidays. */
export const punjabCourts: CalendarDefinition = {
  id: 'punjab-district-courts-2026',
  closedWeekdays: [7],
  holidays: [
    { date: '2026-02-05', name: 'Kashmir Day' },
    { date: '2026-03-23', name: 'Pakistan Day' },
    { date: '2026-05-01', name: 'Labour Day' },
  ],
};

/** Federal government offices: five-day week (Saturday and Sunday off since 8 June 2022). */
export const federalOffices: CalendarDefinition = {
  id: 'federal-offices-2026',
  closedWeekdays: [6, 7],
  holidays: [
    { date: '2026-02-05', name: 'Kashmir Day' },
    { date: '2026-03-20', name: 'Eid-ul-Fitr' },
    { date: '2026-03-21', name: 'Eid-ul-Fitr' },
    { date: '2026-03-22', name: 'Eid-ul-Fitr' },
    { date: '2026-03-23', name: 'Pakistan Day' },
    { date: '2026-05-01', name: 'Labour Day' },
  ],
};

/** A clock with no tolling, extensions or roll-forward unless overridden. */
export function clock(start: Instant, amount: number, unit: DeadlineInput['duration']['unit'], more: Partial<DeadlineInput> = {}): DeadlineInput {
  return { start, duration: { amount, unit }, rollForward: false, tolling: [], extensions: [], ...more };
}
