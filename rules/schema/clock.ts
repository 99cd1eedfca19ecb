// A statutory clock: when it starts and stops, how long it runs, and what its breach raises.
import { z } from 'zod';
import { citation, eventType, id, labelUr, legalDuration, warningOffset } from './common';
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

/**
 * A tolling ground ("absconding", "stay"): a clock is paused while any of its grounds holds. Defaults to the
 * pause trigger's event type (or stage id), so packs written before grounds keep their meaning.
 */
export const pauseGround = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'must be a word such as absconding or stay');

/** A pause or resume trigger, naming the ground it begins or ends. */
export const groundedTrigger = z.union(
  [
    z.object({ event: eventType, when: topLevelCondition.optional(), ground: pauseGround.optional() }).strict(),
    z.object({ enterStage: id, ground: pauseGround.optional() }).strict(),
    z.object({ leaveStage: id, ground: pauseGround.optional() }).strict(),
  ],
  { error: 'must be {event: EVENT_TYPE, ground?}, {enterStage: stage-id, ground?} or {leaveStage: stage-id, ground?}' },
);
export type GroundedTrigger = z.infer<typeof groundedTrigger>;

export const clockSpec = z
  .object({
    id,
    label: z.string().min(1),
    label_ur: labelUr,
    citation,
    /** json-rules-engine conditions on case facts; the clock exists only for cases that match. */
    appliesWhen: topLevelCondition.optional(),
    start: z.array(trigger).min(1),
    /**
     * accused: one run per accused (custody clocks: s.61, s.167, s.344, s.497, JJSA), following that person's
     * events, its appliesWhen judged on that person's facts. Default case: one run for the case.
     */
    per: z.enum(['case', 'accused']).optional(),
    /** A start trigger while running restarts the clock (e.g. each s.344 remand order). */
    restartOnStart: z.boolean().default(false),
    /** The duty is met: the clock stops (and closes any escalation it raised). */
    stop: z.array(trigger).min(1),
    /** The duty falls away (e.g. accused released): the clock ends without being met or breached. */
    cancel: z.array(trigger).default([]),
    /** Each names the ground it begins; the clock is paused while any ground holds (the union of the intervals). */
    pause: z.array(groundedTrigger).default([]).describe('tolling starts, e.g. { event: ACCUSED_ABSCONDED, ground: absconding }'),
    /** Each ends its own ground only: an arrest does not end a stay. */
    resume: z.array(groundedTrigger).default([]).describe('tolling ends, e.g. { event: ACCUSED_ARRESTED, ground: absconding }'),
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
    /**
     * A window a party may give up (the State's appeal): it may be ended before it runs out (by a cancel trigger
     * or the case closing) only by an event whose data.decidedBy names one of these roles, and the abandonment is
     * recorded. Without a decision such an event is refused.
     */
    waivableBy: z.array(id).min(1).optional(),
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
