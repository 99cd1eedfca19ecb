// `--at` values: an ISO date or date-time. Without an offset it is Asia/Karachi local time, because that is how
// an FIR or a court order is dated; with `Z` or `+hh:mm` it is that instant.
import { DateTime } from 'luxon';
import { z } from 'zod';
import { LEGAL_ZONE } from '../rules/legal-time/local-days';

// Strict on purpose: luxon alone also accepts week dates, ordinal dates and other forms nobody means here.
const ISO_SHAPE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Real UTC offsets run from -12:00 to +14:00; luxon alone reads "+99:99" as 99 hours 99 minutes. */
const MIN_OFFSET_MINUTES = -12 * 60;
const MAX_OFFSET_MINUTES = 14 * 60;

function offsetProblem(text: string): string | null {
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(text.includes('T') ? text.slice(text.indexOf('T')) : '');
  if (!m) return null;
  const [, sign, hh, mm] = m as unknown as [string, string, string, string];
  const minutes = (sign === '-' ? -1 : 1) * (Number(hh) * 60 + Number(mm));
  if (Number(mm) > 59 || minutes < MIN_OFFSET_MINUTES || minutes > MAX_OFFSET_MINUTES) {
    return `has an impossible UTC offset "${sign}${hh}:${mm}" (offsets run from -12:00 to +14:00)`;
  }
  return null;
}

/** A moment later than now by more than clock skew is refused: events and FIRs are recorded after they happen. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

export const isoInstant = z
  .string()
  .trim()
  .regex(ISO_SHAPE, 'must be an ISO date or date-time, e.g. 2026-03-02, 2026-03-02T10:30 (Asia/Karachi) or 2026-03-02T05:30Z')
  .transform((text, ctx) => {
    const offset = offsetProblem(text);
    if (offset) {
      ctx.addIssue({ code: 'custom', message: offset });
      return z.NEVER;
    }
    // setZone keeps the offset written, so luxon itself confirms it (and the date) is one it can represent.
    const parsed = DateTime.fromISO(text, { zone: LEGAL_ZONE, setZone: true });
    if (!parsed.isValid) {
      ctx.addIssue({ code: 'custom', message: 'is not a calendar date or a valid time' });
      return z.NEVER;
    }
    return parsed.toMillis();
  })
  .refine((ms) => ms <= Date.now() + FUTURE_TOLERANCE_MS, 'is in the future; record what has happened');

/** Epoch ms → ISO date-time in Asia/Karachi, for people reading the output. */
export function formatKarachi(ms: number): string {
  return DateTime.fromMillis(ms, { zone: LEGAL_ZONE }).toFormat("yyyy-MM-dd HH:mm 'PKT'");
}
