// Stages of the case lifecycle and the events that move a case between them.
import { z } from 'zod';
import { eventType, id, labelUr } from './common';

export const eventSpec = z
  .object({
    type: eventType,
    label: z.string().min(1),
    /** Allowed in every non-final stage without changing it (arrest, absconding, stay orders…). */
    anyStage: z.boolean().default(false),
    /**
     * May have happened before the FIR was registered (a seizure, an arrest on the spot): accepted with its true
     * time, and the clocks it starts run from then.
     */
    beforeFir: z.boolean().default(false),
    /**
     * The event concerns one accused (an arrest, a production, a remand, a release): in a case with several it
     * names whom in data.accused, and per-accused clocks follow only that person's events.
     */
    perAccused: z.boolean().optional(),
  })
  .strict();

export const transitionSpec = z
  .object({
    event: eventType,
    /** Omit to stay in the stage (the event is recorded and may start/stop clocks). */
    to: id.optional(),
    /** Where the case goes when a gate on this transition finds defects. */
    onGateFail: id.optional(),
  })
  .strict();

export const stageSpec = z
  .object({
    id,
    label: z.string().min(1),
    label_ur: labelUr,
    kind: z.enum(['initial', 'normal', 'final']).default('normal'),
    on: z.array(transitionSpec).default([]),
  })
  .strict();
export type StageSpec = z.infer<typeof stageSpec>;
