// A gate checks a transition with json-rules-engine rules; any rule that fires is a defect (objection).
import { z } from 'zod';
import { citation, eventType, id, labelUr } from './common';
import { gateRule } from './conditions';

export const gateSpec = z
  .object({
    id,
    label: z.string().min(1),
    label_ur: labelUr,
    citation,
    at: z.object({ stage: id, event: eventType }).strict(),
    rules: z.array(gateRule).min(1),
    /** A gate that keeps failing is escalated: after `failures` failed evaluations of one case. */
    escalateAfter: z
      .object({ failures: z.number().int().min(1), ladder: id, startAt: id })
      .strict()
      .optional(),
  })
  .strict();
export type GateSpec = z.infer<typeof gateSpec>;
