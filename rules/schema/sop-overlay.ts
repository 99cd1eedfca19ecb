// A special-law overlay: matches cases by their facts, then adds or tightens clocks and gates.
import { z } from 'zod';
import { clockSpec } from './clock';
import { citation, id, legalDuration, provinceId, warningOffset } from './common';
import { topLevelCondition } from './conditions';
import { gateSpec } from './gate';

export const clockTightening = z
  .object({
    clock: id.describe('id of a clock in the base pack'),
    duration: legalDuration.optional(),
    calendar: id.optional(),
    warnBefore: warningOffset.optional(),
    onBreach: z.object({ ladder: id, startAt: id }).strict().optional(),
    citation,
  })
  .strict();

export const sopOverlay = z
  .object({
    $schema: z.string().optional(),
    kind: z.literal('sop-overlay'),
    id,
    title: z.string().min(1),
    law: z.string().min(1),
    version: z.string().regex(/^\d{4}\.\d+$/, 'must look like 2026.1'),
    provinces: z.array(provinceId).min(1),
    /** json-rules-engine conditions on case facts. */
    match: topLevelCondition,
    clocks: z.array(clockSpec).default([]),
    tighten: z.array(clockTightening).default([]),
    /** Base clocks the special law displaces for matching cases (e.g. ATA s.19 replaces CrPC s.173's period). */
    suspend: z.array(z.object({ clock: id, citation }).strict()).default([]),
    gates: z.array(gateSpec).default([]),
  })
  .strict();
export type SopOverlay = z.infer<typeof sopOverlay>;
