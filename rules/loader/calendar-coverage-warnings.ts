// `sopflow validate`'s calendar warnings: a deadline that can fall in a year its calendar does not list is counted
// as if that year had no holidays. Not an error: next year's notification is often not out yet.
//
// The rule: a deadline on calendar C can fall from the pack's effectiveFrom until its effectiveUntil plus the
// longest span of any clock or ladder that counts on C (duration plus permitted extensions, working days widened
// to calendar days, plus roll-forward slack; time tolled while paused is not bounded and not counted). With no
// effectiveUntil the pack governs cases until superseded, so the range is open: every year after the last one C
// covers is reachable. Each calendar with an uncovered year in that range gets one warning.
import { localYearOf, uncoveredYears } from '../legal-time/calendar-coverage';
import { isoDateToDayNumber, startOfLocalDay } from '../legal-time/local-days';
import type { CalendarSpec } from '../schema/calendar';
import { coveredYears } from '../schema/calendar-years';
import type { ClockSpec } from '../schema/clock';
import type { LegalDurationSpec } from '../schema/common';
import type { SopOverlay } from '../schema/sop-overlay';
import type { SopPack } from '../schema/sop-pack';
import type { ReferenceProblem } from './reference-checks';

// Room for a roll-forward over closed days and for holidays inside a working-day count.
const SLACK_DAYS = 30;

function spanDays(d: LegalDurationSpec, extra: number, cal: CalendarSpec): number {
  const amount = d.amount + extra;
  if (d.unit === 'hours') return Math.ceil(amount / 24) + SLACK_DAYS;
  if (d.unit === 'calendarDays') return Math.ceil(amount) + SLACK_DAYS;
  const open = Math.max(1, 7 - new Set(cal.closedWeekdays).size);
  return Math.ceil((amount * 7) / open) + SLACK_DAYS;
}

export function calendarCoverageWarnings(pack: SopPack, overlays: readonly SopOverlay[]): ReferenceProblem[] {
  const clocks: ClockSpec[] = [...pack.clocks, ...overlays.flatMap((o) => o.clocks)];
  const tightenedTo = new Map<string, string>();
  for (const o of overlays) for (const t of o.tighten) if (t.calendar) tightenedTo.set(t.clock, t.calendar);
  const fromYear = localYearOf(startOfLocalDay(isoDateToDayNumber(pack.effectiveFrom)));
  const until = pack.effectiveUntil ? isoDateToDayNumber(pack.effectiveUntil) : null;
  const out: ReferenceProblem[] = [];
  pack.calendars.forEach((cal, ci) => {
    const users = clocks.filter((c) => c.calendar === cal.id || tightenedTo.get(c.id) === cal.id);
    const ladders = pack.ladders.filter((l) => l.calendar === cal.id);
    if (users.length === 0 && ladders.length === 0) return;
    const covered = coveredYears(cal);
    let lastYear: number;
    if (until === null) {
      lastYear = Math.max(fromYear, ...covered) + 1;
    } else {
      const longestClock = Math.max(0, ...users.map((c) => spanDays(c.duration, c.extension?.maxTotal ?? 0, cal)));
      const longestLadder = Math.max(0, ...ladders.map((l) => l.levels.reduce((sum, lv) => sum + spanDays(lv.sla, 0, cal), 0)));
      // A ladder's SLAs run after some clock's breach, so they add to the longest clock of the whole pack.
      const longestAny = Math.max(0, ...clocks.map((c) => spanDays(c.duration, c.extension?.maxTotal ?? 0, cal)));
      const reach = Math.max(longestClock, ladders.length > 0 ? longestAny + longestLadder : 0);
      lastYear = localYearOf(startOfLocalDay(until + reach));
    }
    const missing = uncoveredYears(covered, fromYear, lastYear);
    if (missing.length === 0) return;
    const names = [...users.map((c) => `clock ${c.id}`), ...ladders.map((l) => `ladder ${l.id}`)];
    const shown = names.length > 4 ? `${names.slice(0, 4).join(', ')} and ${names.length - 4} more` : names.join(', ');
    const why = until === null ? 'the pack has no effectiveUntil, so it governs cases until superseded' : `cases opened until ${pack.effectiveUntil} can run that long`;
    out.push({
      path: ['calendars', ci, 'holidays'],
      message:
        `calendar "${cal.id}" covers ${covered.length > 0 ? covered.join(', ') : 'no year'}; deadlines of ${shown} can fall in ${missing[0]} ` +
        `(${why}), and would count its holidays as working days: add ${missing[0]}'s notified holidays`,
    });
  });
  return out;
}
