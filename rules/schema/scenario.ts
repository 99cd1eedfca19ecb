// A scenario: a case told as province staff would tell it ("FIR on day 0; no interim report → on day 18 the
// SHO gets an escalation"), checked step by step against the SOP.
import { z } from 'zod';
import { caseFacts } from './case-facts';
import { eventType, id } from './common';

/** `day N` or `day N HH:MM` (days after the FIR's local date), or a local date-time `YYYY-MM-DDTHH:MM`. */
export const scenarioTime = z
  .string()
  .regex(/^(day \d{1,4}( \d{2}:\d{2})?|\d{4}-\d{2}-\d{2}T\d{2}:\d{2})$/, 'must be "day N", "day N HH:MM" or a local date-time YYYY-MM-DDTHH:MM');

const expectedEscalation = z
  .object({
    rule: z.string().min(1).describe('the clock or gate that raised it'),
    role: id,
    level: z.number().int().positive().optional(),
    status: z.enum(['open', 'acknowledged']).optional(),
  })
  .strict();

export const scenarioExpectation = z
  .object({
    stage: id.optional(),
    /** The exact set of unresolved escalations (open or acknowledged) at this time. */
    escalations: z.array(expectedEscalation).optional(),
    clocks: z
      .array(
        z
          .object({
            clock: id,
            status: z.enum(['running', 'paused', 'breached', 'met', 'cancelled', 'absent']),
            due: scenarioTime.optional().describe('when the clock is breached (a local midnight for day clocks)'),
            late: z.boolean().optional(),
          })
          .strict(),
      )
      .optional(),
    gate: z
      .object({ gate: id, passed: z.boolean(), objections: z.array(z.string()).optional() })
      .strict()
      .optional(),
    overlays: z.array(id).optional().describe('the overlays that apply to the case (exact set)'),
  })
  .strict();
export type ScenarioExpectation = z.infer<typeof scenarioExpectation>;

export const scenarioStep = z
  .object({
    at: scenarioTime,
    note: z.string().optional(),
    event: eventType.optional(),
    id: z.string().min(1).optional(),
    facts: z.record(z.string(), z.unknown()).optional(),
    data: z
      .object({
        escalation: z.string().optional().describe('rule id of the escalation acted on'),
        role: id.optional(),
        directive: z.string().optional(),
        toRole: id.optional(),
        clock: id.optional(),
        amount: z.number().positive().optional(),
      })
      .strict()
      .optional(),
    /** The event must be refused, with a reason containing this text. */
    rejected: z.string().min(1).optional(),
    expect: scenarioExpectation.optional(),
  })
  .strict()
  .refine((s) => s.event !== undefined || s.expect !== undefined, { message: 'a step needs an event, an expect, or both' });
export type ScenarioStep = z.infer<typeof scenarioStep>;

export const scenario = z
  .object({
    $schema: z.string().optional(),
    kind: z.literal('sop-scenario'),
    name: z.string().min(1),
    /** The pack, relative to this file. */
    pack: z.string().min(1),
    fir: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'must be a local date-time YYYY-MM-DDTHH:MM (Asia/Karachi)'),
    facts: caseFacts,
    steps: z.array(scenarioStep).min(1),
  })
  .strict();
export type Scenario = z.infer<typeof scenario>;
