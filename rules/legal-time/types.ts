// Types of the legal-time calculus: how statutory periods are counted in Asia/Karachi.
// Instants are epoch milliseconds (numbers) so the calculus is cheap, serialisable and sandbox-safe.

export type Instant = number;

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/**
 * months / years are calendar months (General Clauses Act 1897 s.3(35): a month is reckoned according to the
 * British calendar); a year is twelve of them.
 */
export type DurationUnit = 'hours' | 'calendarDays' | 'workingDays' | 'months' | 'years';

/**
 * How tolled time is taken out of the period.
 * - whole-days-excluded: a day paused for any part of it does not count (courts and offices act in whole days).
 * - elapsed-time: the period is running time; exactly the time inside a pause is excluded. For caps on time in
 *   custody (s.167(2) "fifteen days in the whole"), where only time wholly outside police custody may be left out.
 */
export type TollingCounting = 'whole-days-excluded' | 'elapsed-time';

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
  /** The tolling ground it is held on ("absconding", "stay"); several grounds may overlap. */
  ground?: string;
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
  /** May overlap, nest or touch (several grounds at once): the calculus counts their union. */
  tolling: TollingInterval[];
  extensions: Extension[];
  /** Default 'whole-days-excluded' (hours clocks are always elapsed time). */
  counting?: TollingCounting;
}
