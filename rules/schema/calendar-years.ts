// The years a calendar covers. Kept apart from calendar.ts (zod schemas) so the compiler, which runs in every
// case workflow, does not evaluate the schemas of the SOP pack format.
import type { CalendarSpec } from './calendar';

/** The years a calendar covers: those it lists holidays for under a notification (issued or expected). */
export function coveredYears(spec: Pick<CalendarSpec, 'holidays' | 'notifications'>): number[] {
  return Object.keys(spec.notifications)
    .filter((y) => y in spec.holidays)
    .map(Number)
    .sort((a, b) => a - b);
}
