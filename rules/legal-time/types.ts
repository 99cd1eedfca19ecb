// Types of the legal-time calculus: how statutory periods are counted in Asia/Karachi.
// Instants are epoch milliseconds (numbers) so the calculus is cheap, serialisable and sandbox-safe.

export type Instant = number;

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export type DurationUnit = 'hours' | 'calendarDays' | 'workingDays';

export interface LegalDuration {
  amount: number;
  unit: DurationUnit;
}

/** A calendar of one kind (office, court) for one province: which days are closed. */
export interface CalendarDefinition {
  id: string;
  closedWeekdays: IsoWeekday[];
  /** Local dates (YYYY-MM-DD, Asia/Karachi) that are closed, with the notification's name for each. */
  holidays: { date: string; name: string }[];
}

/** A period during which a clock did not run (tolling), e.g. accused absconding, proceedings stayed. */
export interface TollingInterval {
  from: Instant;
  /** Undefined while the pause is still open. */
  to?: Instant;
  reason: string;
}

export interface Extension {
  amount: number;
  /** Same unit as the clock's duration. */
  grantedBy: string;
  grantedAt: Instant;
}

export interface DeadlineInput {
  start: Instant;
  duration: LegalDuration;
  /** Needed for workingDays and for roll-forward; may be omitted for pure calendar-day/hour clocks. */
  calendar?: CalendarDefinition;
  /** If the last day falls on a closed day of `calendar`, move to the end of the next open day. */
  rollForward: boolean;
  tolling: TollingInterval[];
  extensions: Extension[];
}
