// Building blocks shared by SOP packs and overlays.
import { z } from 'zod';

/** Ids are lowercase kebab/snake words so they read well in YAML, logs and search attributes. */
export const id = z
  .string()
  .regex(/^[a-z][a-z0-9_-]*$/, 'must be lowercase letters, digits, "-" or "_", starting with a letter');

/** A label in Urdu beside the English `label`, shown to people who read the app in Urdu (optional). */
export const labelUr = z.string().min(1).optional();

/** Event types are SCREAMING_SNAKE so they stand out from ids in packs and timelines. */
export const eventType = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be UPPER_SNAKE_CASE, e.g. FINAL_CHALLAN_SUBMITTED');

export function isCalendarDate(value: string): boolean {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return days !== undefined && d >= 1 && d <= days;
}

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine(isCalendarDate, 'is not a calendar date');

export const provinceId = z.enum(['punjab', 'sindh', 'khyber-pakhtunkhwa', 'balochistan']);
export type ProvinceId = z.infer<typeof provinceId>;

export const confidence = z.enum(['high', 'medium-high', 'medium', 'low', 'unverified']);

/** Law is data: every clock and gate says where it comes from and how sure we are of it. */
export const citation = z
  .object({
    law: z.string().min(1).describe('e.g. "Code of Criminal Procedure 1898"'),
    section: z.string().min(1).describe('e.g. "s.173(1) proviso"; never invented'),
    verified: z.boolean().describe('false for anything the research marks unverified'),
    confidence,
    source: z.string().min(1).optional(),
    note: z.string().min(1).optional(),
  })
  .strict();
export type Citation = z.infer<typeof citation>;

/** months / years are calendar months (General Clauses Act 1897 s.3(35)), never a count of days. */
export const durationUnit = z.enum(['hours', 'calendarDays', 'workingDays', 'months', 'years']);

export const legalDuration = z
  .object({
    amount: z.number().positive('must be greater than 0'),
    unit: durationUnit,
  })
  .strict();
export type LegalDurationSpec = z.infer<typeof legalDuration>;

export const warningOffset = z
  .object({
    amount: z.number().positive('must be greater than 0'),
    unit: z.enum(['hours', 'calendarDays']),
  })
  .strict();
