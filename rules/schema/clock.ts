// A statutory clock: when it starts and stops, how long it runs, and what its breach raises.
import { z } from 'zod';
import { citation, eventType, id, legalDuration, warningOffset } from './common';
import { topLevelCondition } from './conditions';

export const trigger = z.union(
  [
    z.object({ event: eventType, when: topLevelCondition.optional() }).strict(),
    z.object({ enterStage: id }).strict(),
    z.object({ leaveStage: id }).strict(),
  ],
  { error: 'must be {event: EVENT_TYPE}, {enterStage: stage-id} or {leaveStage: stage-id}' },
);
export type Trigger = z.infer<typeof trigger>;

export const clockSpec = z
  .object({
    id,
    label: z.string().min(1),
    citation,
    /** json-rules-engine conditions on case facts; the clock exists only for cases that match. */
    appliesWhen: topLevelCondition.optional(),
    start: z.array(trigger).min(1),
    /** A start trigger while running restarts the clock (e.g. each s.344 remand order). */
    restartOnStart: z.boolean().default(false),
    /** The duty is met: the clock stops (and closes any escalation it raised). */
    stop: z.array(trigger).min(1),
    /** The duty falls away (e.g. accused released): the clock ends without being met or breached. */
    cancel: z.array(trigger).default([]),
    pause: z.array(trigger).default([]).describe('tolling starts, e.g. ACCUSED_ABSCONDED'),
    resume: z.array(trigger).default([]).describe('tolling ends, e.g. ACCUSED_ARRESTED'),
    /**
     * How paused time is taken out of the period, and where the pause/resume triggers come from, cited apart
     * from the period: a statute may fix a period and say nothing of tolling (s.173), so pausing it is the
     * SOP's reading and must not borrow the period's `verified: true`.
     */
    tolling: z
      .object({
        counting: z
          .enum(['whole-days-excluded', 'elapsed-time'])
          .optional()
          .describe('whole-days-excluded (default): a day paused for any part does not count; elapsed-time: exactly the paused time is excluded (custody caps)'),
        basis: z.enum(['statute', 'sop-reading']).optional().describe('statute: the law itself tolls; sop-reading: this SOP pauses it'),
        citation: citation.optional(),
      })
      .strict()
      .optional(),
    duration: legalDuration,
    /** Take the number of days from a case fact (e.g. prosecutor-set cure time), falling back to `duration`. */
    durationFact: z.enum(['cureDays']).optional(),
    calendar: id.optional(),
    rollForward: z.boolean().default(true),
    warnBefore: warningOffset.optional(),
    extension: z
      .object({
        grantedBy: z.array(id).min(1),
        maxTotal: z.number().positive('must be greater than 0'),
        citation: citation.optional(),
      })
      .strict()
      .optional(),
    onBreach: z
      .object({
        ladder: id,
        startAt: id.describe('role on the ladder that receives the task first'),
      })
      .strict()
      .optional(),
  })
  .strict();
export type ClockSpec = z.infer<typeof clockSpec>;
