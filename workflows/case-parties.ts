// Who the case is about: names, CNIC numbers, victims' identities. Rules never read these (they need attributes,
// not identities; see rules/schema/case-facts.ts), but the case carries them for the people working it, and the
// payload codec encrypts them before they reach Temporal's store.
import { z } from 'zod';

/** CNIC: 13 digits, usually written 12345-1234567-1. */
export const cnic = z.string().regex(/^\d{5}-?\d{7}-?\d$/, 'must be a CNIC number: 13 digits, as 12345-1234567-1');

const person = z
  .object({
    name: z.string().min(1).max(200),
    cnic: cnic.optional(),
    phone: z.string().max(30).optional(),
  })
  .strict();

export const caseParties = z
  .object({
    complainant: person.optional(),
    accused: z.array(person).max(100).default([]),
    victims: z.array(person.extend({ juvenile: z.boolean().default(false) }).strict()).max(100).default([]),
  })
  .strict();

export type CaseParties = z.infer<typeof caseParties>;
export type CasePartiesInput = z.input<typeof caseParties>;
