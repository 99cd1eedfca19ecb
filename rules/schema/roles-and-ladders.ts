import { z } from 'zod';
import { citation, id, legalDuration } from './common';

export const roleSpec = z
  .object({
    id,
    title: z.string().min(1),
    service: z.enum(['police', 'prosecution', 'court', 'government']),
  })
  .strict();

/** An escalation ladder: who gets a delayed task, and how long each level has before it climbs. */
export const ladderSpec = z
  .object({
    id,
    label: z.string().min(1),
    calendar: id.optional().describe('calendar for working-day SLAs'),
    levels: z
      .array(
        z
          .object({
            role: id,
            sla: legalDuration.describe('time this level has to act before the task climbs'),
          })
          .strict(),
      )
      .min(1),
    citation: citation.optional(),
  })
  .strict();
export type LadderSpec = z.infer<typeof ladderSpec>;
