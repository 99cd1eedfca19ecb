// A scenario: a case told as province staff would tell it ("FIR on day 0; no interim report → on day 18 the
// SHO gets an escalation"), checked step by step against the SOP.
import { z } from 'zod';
import { caseFacts } from './case-facts';
import { eventType, id } from './common';
import { holidayNotificationEntry } from './holiday-notification';

/**
 * `day N` or `day N HH:MM` (days after the FIR's local date; `day -1 22:00` is the evening before it), or a local
 * date-time `YYYY-MM-DDTHH:MM`.
 */
export const scenarioTime = z
  .string()
  .regex(/^(day -?\d{1,4}( \d{2}:\d{2})?|\d{4}-\d{2}-\d{2}T\d{2}:\d{2})$/, 'must be "day N", "day N HH:MM" or a local date-time YYYY-MM-DDTHH:MM');

const expectedEscalation = z
  .object({
    rule: z.string().min(1).describe('the clock or gate that raised it'),
    role: id,
    level: z.number().int().positive().optional(),
    status: z.enum(['open', 'acknowledged']).optional(),
    /** When the task climbs if no one acts (its SLA at this level). */
    slaDue: scenarioTime.optional(),
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
            /** Which run of a restarted clock (1 = the first); default the latest. */
            instance: z.number().int().positive().optional(),
            due: scenarioTime.optional().describe('when the clock is breached (a local midnight for day clocks)'),
            /** When its warning (warnBefore) falls, and whether it has been given. */
            warn: scenarioTime.optional(),
            warned: z.boolean().optional(),
            late: z.boolean().optional(),
            /** The tolling grounds holding it now (exact set; [] when none). */
            grounds: z.array(z.string()).optional(),
            /** Text the clock's ledger (summary and lines) must contain, each. */
            ledger: z.array(z.string().min(1)).optional(),
            /** Text its citation's section must contain. */
            citation: z.string().min(1).optional(),
            /** Abandoned (a waivable window given up): the role that decided. */
            abandonedBy: id.optional(),
          })
          .strict(),
      )
      .optional(),
    gate: z
      .object({ gate: id, passed: z.boolean(), objections: z.array(z.string()).optional() })
      .strict()
      .optional(),
    overlays: z.array(id).optional().describe('the overlays that apply to the case (exact set)'),
    /** The case events allowed now (exact set; supervisor actions, allowed in every open stage, are left out). */
    allowedEvents: z.array(eventType).optional(),
    /** Text the case timeline must contain, each (e.g. "window abandoned"). */
    timeline: z.array(z.string().min(1)).optional(),
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
        decidedBy: id.optional().describe('the role whose recorded decision gives up a waivable window'),
      })
      .strict()
      .optional(),
    /**
     * When the event is entered, if later than it happened (`at`): a back-dated entry. The case is brought up to
     * this time first, so what the late entry changes (a breach withdrawn, a clock re-computed) shows.
     */
    reportedAt: scenarioTime.optional(),
    /** The event must be refused, with a reason containing this text. */
    rejected: z.string().min(1).optional(),
    /** How the event must be answered: applied, or duplicate (a resend of an event already taken). */
    answer: z.enum(['applied', 'duplicate']).optional(),
    expect: scenarioExpectation.optional(),
  })
  .strict()
  .refine((s) => s.event !== undefined || s.expect !== undefined, { message: 'a step needs an event, an expect, or both' })
  .refine((s) => s.reportedAt === undefined || s.event !== undefined, { message: 'reportedAt needs an event', path: ['reportedAt'] })
  .refine((s) => s.answer === undefined || s.rejected === undefined, { message: 'a step expects either an answer or a rejection', path: ['answer'] });
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
    /**
     * A calendar override for this scenario: holidays notified (e.g. a moon-sighted Eid day), in the form of a
     * holiday-notifications file's entries (the province is the case's). One notified by the FIR is in force when
     * the case opens; one notified later reaches the running case at its `notifiedAt`, as `calendar notify` would.
     */
    notifications: z.array(holidayNotificationEntry).max(100).optional(),
    steps: z.array(scenarioStep).min(1),
  })
  .strict();
export type Scenario = z.infer<typeof scenario>;
