// A resource with a daily throughput (reports an investigator completes, scrutinies a prosecutor office clears,
// hearings a court hears): work booked first-come first-served into the first open day with a free slot, so
// demand above capacity becomes a queue.
import { compileCalendar, isOpenIn, type CompiledCalendar } from '../../rules/legal-time/calendar';
import { localDayNumber, startOfLocalDay } from '../../rules/legal-time/local-days';
import type { CalendarDefinition } from '../../rules/legal-time/types';

const WORK_STARTS_MS = 10 * 3_600_000; // work booked for a later day happens at 10:00 local time

export class DailyCapacity {
  private readonly used = new Map<number, number>();
  private readonly calendar: CompiledCalendar | undefined;

  constructor(
    private readonly perDay: number,
    calendar?: CalendarDefinition,
  ) {
    this.calendar = calendar ? compileCalendar(calendar) : undefined;
  }

  /** The instant the work is done: `readyAt` itself when today has a free slot on an open day, else a later day. */
  book(readyAt: number): number {
    const firstDay = localDayNumber(readyAt);
    // Fractional throughput (0.5 a day) accrues as whole slots: day d may hold floor((d+1)·rate) − floor(d·rate).
    for (let day = firstDay; ; day++) {
      if (this.calendar && !isOpenIn(this.calendar, day)) continue;
      const slots = Math.floor((day + 1) * this.perDay) - Math.floor(day * this.perDay);
      const used = this.used.get(day) ?? 0;
      if (used >= slots) continue;
      this.used.set(day, used + 1);
      return day === firstDay ? readyAt : startOfLocalDay(day) + WORK_STARTS_MS;
    }
  }
}
