// Legal-time calculus: statutory periods counted in Asia/Karachi local days or running hours. Pure and
// deterministic (time is always an argument), so it runs inside Temporal's workflow sandbox.
export type * from './types';
export { LegalTimeError } from './errors';
export {
  LEGAL_ZONE,
  MS_PER_DAY,
  MS_PER_HOUR,
  dayNumberToIsoDate,
  endOfLocalDay,
  formatLocalDate,
  formatLocalDateTime,
  isoDateToDayNumber,
  isoWeekday,
  localDayNumber,
  localToInstant,
  offsetMs,
  startOfLocalDay,
} from './local-days';
export { closureReason, compileCalendar, isOpenDay, WEEKDAY_NAMES, type CompiledCalendar } from './calendar';
export { MAX_SPAN_DAYS, monthsEndDay, monthSpanDays, monthsIn, type OpenPause } from './clock';
export { unionOfTolling } from './tolling';
export {
  computeDeadline,
  elapsedCounting,
  traceDeadline,
  type DeadlineTrace,
  warningTime,
  type DeadlineExclusion,
  type DeadlineResult,
  type DeadlineTiming,
  type RolledOverDay,
} from './deadline';
export { describeClock, type ClockLedger } from './ledger';
export { isInstantCovered, localYearOf, uncoveredYears } from './calendar-coverage';
