// The facts of a case that SOP rules may read. Personal data (names, CNIC numbers) is deliberately absent:
// rules need attributes (sex, juvenile, custody), never identities.
import { z } from 'zod';
import { provinceId } from './common';

const accusedFields = {
  inCustody: z.boolean().default(false),
  sex: z.enum(['male', 'female', 'transgender']).default('male'),
  juvenile: z.boolean().default(false),
  previouslyConvicted: z.boolean().default(false),
  /** CrPC s.497 fourth proviso: hardened/dangerous criminal, terrorism punishable with death/life. */
  s497Exception: z.boolean().default(false),
  /** JJSA 2018 ss.3, 5: the officer in charge tells the juvenile's guardian and the probation officer. */
  guardianInformed: z.boolean().optional(),
  probationOfficerInformed: z.boolean().optional(),
};

/** The id of one accused in a case: `a1` is the first (the `accused` object), co-accused a2, a3… */
export const accusedId = z.string().regex(/^a[1-9][0-9]{0,2}$/, 'must be a1, a2, … (an accused of the case)');

/** A co-accused: the same attributes as the first accused, under its own id (never a name). */
export const coAccused = z.object({ id: accusedId, ...accusedFields }).strict();

export const caseFacts = z
  .object({
    province: provinceId,
    district: z.string().min(1).max(80),
    policeStation: z.string().min(1).max(80),
    fir: z.object({ number: z.string().min(1).max(20), year: z.number().int().min(1947).max(2200) }).strict(),
    offence: z
      .object({
        class: z.string().min(1).max(80).describe('an offenceClasses id of the pack'),
        sections: z.array(z.string().min(1).max(40)).max(40).default([]),
        punishableWithDeath: z.boolean().default(false),
        terrorism: z.boolean().default(false).describe('scheduled offence under the Anti-Terrorism Act 1997'),
        scheduledSexualOffence: z.boolean().default(false).describe('scheduled offence under the Anti-Rape Act 2021'),
        narcotics: z.boolean().default(false).describe('offence under the Control of Narcotic Substances Act 1997'),
        heinous: z.boolean().default(false).describe('heinous offence within JJSA 2018 s.2'),
      })
      .strict(),
    /** The first accused (a1); a case without co-accused has this one. */
    accused: z
      .object(accusedFields)
      .strict()
      .default({ inCustody: false, sex: 'male', juvenile: false, previouslyConvicted: false, s497Exception: false }),
    /**
     * Further accused (a2, a3…), each with their own sex, age and custody: per-accused clocks run for each, and an
     * event concerning one names them in data.accused (its facts.accused then changes that person).
     */
    coAccused: z
      .array(coAccused)
      .max(50)
      .refine((list) => new Set(list.map((a) => a.id)).size === list.length && !list.some((a) => a.id === 'a1'), 'ids must be distinct, and a1 is the first accused (facts.accused)')
      .optional(),
    challan: z
      .object({
        documents: z.array(z.string().min(1).max(80)).max(100).default([]).describe('documents ids of the pack, each once'),
      })
      .strict()
      .default({ documents: [] }),
    scrutiny: z
      .object({
        objections: z.array(z.string().min(1).max(1000)).max(50).default([]),
      })
      .strict()
      .default({ objections: [] }),
    judgment: z
      .object({
        outcome: z.enum(['pending', 'conviction', 'acquittal']).default('pending'),
      })
      .strict()
      .default({ outcome: 'pending' }),
    investigation: z
      .object({
        /** Anti-Rape Act 2021 s.9: investigated by a Special Sexual Offences Investigation Unit. */
        bySsoiu: z.boolean().optional(),
      })
      .strict()
      .optional(),
    complaintCase: z.boolean().default(false),
    /** Prosecutor-set time to cure a returned challan (Punjab CPS Act s.12(2)), in days. */
    cureDays: z.number().int().positive().max(365).optional(),
  })
  .strict();

export type CaseFacts = z.infer<typeof caseFacts>;
export type CaseFactsInput = z.input<typeof caseFacts>;

/** The dotted paths a rule may name as a fact, derived from the schema so they can never drift apart. */
export function factPaths(schema: z.ZodType = caseFacts, prefix = ''): string[] {
  const def = unwrap(schema);
  if (def instanceof z.ZodObject) {
    const out: string[] = [];
    const shape = (def as z.ZodObject<Record<string, z.ZodType>>).shape;
    for (const [key, child] of Object.entries(shape)) {
      const path = prefix ? `${prefix}.${key}` : key;
      out.push(path, ...factPaths(child, path));
    }
    return out;
  }
  return [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = schema;
  while (current instanceof z.ZodDefault || current instanceof z.ZodOptional) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}

/** Allowed values of an enum-typed fact (for checking that an overlay's match can ever be true). */
export function enumValuesOf(path: string): readonly string[] | undefined {
  let current: z.ZodType = caseFacts;
  for (const key of path.split('.')) {
    const obj = unwrap(current);
    if (!(obj instanceof z.ZodObject)) return undefined;
    const next = (obj.shape as Record<string, z.ZodType | undefined>)[key];
    if (!next) return undefined;
    current = next;
  }
  const leaf = unwrap(current);
  return leaf instanceof z.ZodEnum ? (leaf.options as string[]) : undefined;
}

/** The ids of a case's accused: a1 (facts.accused), then its co-accused in order. */
export function accusedIds(facts: CaseFacts): string[] {
  return ['a1', ...(facts.coAccused ?? []).map((a) => a.id)];
}

/**
 * The facts as one accused's rules read them: `accused` is that person (a1 is the facts as they are). A clock
 * per accused, and a gate on an event naming one, judge `accused.sex`, `accused.juvenile`… on that person.
 */
export function factsFor(facts: CaseFacts, accusedId: string): CaseFacts {
  if (accusedId === 'a1') return facts;
  const found = facts.coAccused?.find((a) => a.id === accusedId);
  if (!found) return facts;
  const { id: _id, ...person } = found;
  return { ...facts, accused: person };
}
