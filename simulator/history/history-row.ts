// One row of the history log, validated field by field (zod): each issue names its column.
import { z } from 'zod';
import { eventType, id, provinceId } from '../../rules/schema/common';
import { jurisdictionId } from '../../workflows/case-identity';
import { parseEventTime } from './event-time';

const blankToUndefined = (v: unknown): unknown => (v === '' ? undefined : v);
/** Case-level columns may be blank on rows other than the FIR's. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

const jsonObject = z.string().transform((text, ctx): Record<string, unknown> => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `is not valid JSON: ${(err as Error).message}` });
    return z.NEVER;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    ctx.addIssue({ code: 'custom', message: 'must be a JSON object, e.g. {"cureDays":5}' });
    return z.NEVER;
  }
  return value as Record<string, unknown>;
});

/** What a supervisor event carries (rules/case-engine/case-state.ts SupervisorData), strictly. */
const supervisorData = z
  .object({
    escalationId: z.string().min(1).optional(),
    role: id.optional(),
    directive: z.string().min(1).max(500).optional(),
    toRole: id.optional(),
    clockId: id.optional(),
    amount: z.number().positive().optional(),
  })
  .strict();

const TRUE = ['true', 'yes', '1'];
const FALSE = ['false', 'no', '0'];

export const historyRow = z.object({
  case_id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9/_.:-]{0,119}$/, 'must be 1–120 letters, digits or / _ . : - (starting with a letter or digit)'),
  event_type: eventType,
  event_at: z.string().transform((text, ctx) => {
    const parsed = parseEventTime(text);
    if ('error' in parsed) {
      ctx.addIssue({ code: 'custom', message: parsed.error });
      return z.NEVER;
    }
    return parsed.at;
  }),
  event_id: z.string().min(1, 'is empty').max(120, 'is longer than 120 characters'),
  province: optional(
    z
      .string()
      .transform((s) => s.toLowerCase().replace(/\s+/g, '-'))
      .pipe(provinceId),
  ),
  district: optional(jurisdictionId),
  police_station: optional(jurisdictionId),
  fir_number: optional(z.string().regex(/^[0-9A-Za-z-]{1,20}$/, 'must be the FIR number, e.g. 123 or 123-A')),
  fir_year: optional(
    z
      .string()
      .regex(/^\d{4}$/, 'must be a four-digit year')
      .transform(Number)
      .pipe(z.number().int().min(1947, 'must be 1947 or later').max(2200, 'must be 2200 or earlier')),
  ),
  offence_class: optional(id),
  in_custody: optional(
    z.string().transform((s, ctx) => {
      const v = s.toLowerCase();
      if (TRUE.includes(v)) return true;
      if (FALSE.includes(v)) return false;
      ctx.addIssue({ code: 'custom', message: `must be true or false (or yes/no, 1/0), not "${s}"` });
      return z.NEVER;
    }),
  ),
  offence_sections: optional(
    z.string().transform((s) =>
      s
        .split(';')
        .map((x) => x.trim())
        .filter((x) => x.length > 0),
    ),
  ),
  facts_json: optional(jsonObject),
  data_json: optional(jsonObject.pipe(supervisorData)),
});
export type HistoryRow = z.infer<typeof historyRow>;
