// One province's SOP, one version: the whole declarative file a province maintains.
import { z } from 'zod';
import { calendarSpec } from './calendar';
import { clockSpec } from './clock';
import { id, isoDate, provinceId } from './common';
import { gateSpec } from './gate';
import { eventSpec, stageSpec } from './lifecycle';
import { ladderSpec, roleSpec } from './roles-and-ladders';

export const sopPack = z
  .object({
    $schema: z.string().optional(),
    kind: z.literal('sop-pack'),
    province: provinceId,
    version: z.string().regex(/^\d{4}\.\d+$/, 'must look like 2026.1'),
    title: z.string().min(1),
    effectiveFrom: isoDate,
    /** Last day new cases open under this version; absent: in force until superseded. */
    effectiveUntil: isoDate.optional(),
    supersedes: z.string().regex(/^\d{4}\.\d+$/, 'must look like 2025.1').nullable().default(null),
    /**
     * The province's districts, as FIRs name them: a case in a district not listed is refused at opening.
     * Optional until every pack in use lists them; the shipped packs all do.
     */
    districts: z
      .array(z.object({ id, label: z.string().min(1) }).strict())
      .min(1)
      .refine((list) => new Set(list.map((d) => d.id)).size === list.length, 'lists a district id twice')
      .optional(),
    /** Plausibility bounds on opening a case: an SOP setting of the province, not law. */
    caseIntake: z
      .object({
        /** A case whose FIR is older than this is opened only when the caller confirms it (`--accept-old`). */
        maxAgeDays: z.number().int().positive(),
        note: z.string().min(1).describe('why this bound, and that it is an SOP setting, not a statutory limit'),
      })
      .strict()
      .optional(),
    /** Special-law overlays this pack enables, by overlay id. */
    overlays: z.array(id).default([]),
    offenceClasses: z
      .array(z.object({ id, label: z.string().min(1), sections: z.array(z.string()).default([]) }).strict())
      .min(1),
    documents: z.array(z.object({ id, label: z.string().min(1) }).strict()).default([]),
    calendars: z.array(calendarSpec).min(1),
    roles: z.array(roleSpec).min(1),
    ladders: z.array(ladderSpec).min(1),
    events: z.array(eventSpec).min(1),
    stages: z.array(stageSpec).min(2),
    clocks: z.array(clockSpec).default([]),
    gates: z.array(gateSpec).default([]),
  })
  .strict();
export type SopPack = z.infer<typeof sopPack>;
export type SopPackInput = z.input<typeof sopPack>;
