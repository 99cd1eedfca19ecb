// The case workflow's messages, shared by the workflow and its clients.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';
import type { CaseState, Escalation } from '../rules/case-engine/index';
import type { CaseView } from '../rules/case-engine/index';
import type { HolidayNotification, MigrationPreview } from '../rules/case-engine/index';
export type { HolidayNotification };
import type { SopBundle } from '../rules/loader/load-sop';
import { eventType } from '../rules/schema/common';
import { plainJsonProblem } from './plain-json';

/**
 * Event ids the case engine gives its own events (the FIR's registration is logged as `fir` when a case opens):
 * a caller's event under one of them would be answered "duplicate" and silently dropped.
 */
export const RESERVED_EVENT_IDS: readonly string[] = ['fir'];

/** Longer than any pack's event type: a refusal names the type, and must not echo a megabyte back. */
export const MAX_EVENT_TYPE_CHARS = 80;

/**
 * Event times within the years a case's facts allow (FIR years 1947–2200): an event dated in year 275760 was
 * applied and then no view of the case could be computed (no Asia/Karachi offset for that instant).
 */
export const MIN_EVENT_AT = Date.UTC(1947, 0, 1);
export const MAX_EVENT_AT = Date.UTC(2200, 0, 1);

/**
 * Facts and data are plain JSON of bounded depth with finite numbers, checked on the value as sent, before any
 * parse copies it (zod's record drops an own `__proto__` key that the workflow's handler would still see).
 */
const plainJsonObject = z
  .unknown()
  .superRefine((value, ctx) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object' });
      return;
    }
    const problem = plainJsonProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .pipe(z.record(z.string(), z.unknown()));

/** At most this much of a key a refusal names: a key can be anything a caller typed. */
const SHOWN_KEY_CHARS = 40;

/** Unknown keys named briefly (zod's own message lists every key in full). */
const unknownKeys = {
  error: (issue: { code?: string; keys?: string[] }): string | undefined => {
    if (issue.code !== 'unrecognized_keys' || !issue.keys) return undefined;
    const shown = issue.keys.slice(0, 3).map((k) => JSON.stringify(k.length > SHOWN_KEY_CHARS ? `${k.slice(0, SHOWN_KEY_CHARS)}…` : k));
    const more = issue.keys.length > 3 ? ` and ${issue.keys.length - 3} more` : '';
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${shown.join(', ')}${more}`;
  },
};

/**
 * How far ahead of now an edge lets an event be dated (the clocks of different systems drift). The core itself
 * takes an event dated ahead as time passing to it, which replays and the simulator rely on; people and source
 * systems send an event once it has happened, so the edges refuse one dated later.
 */
export const FUTURE_SKEW_MS = 5 * 60_000;

/** What a client sends: an event of the case, or a supervisor's action on a task. Validated at the edge and again in the workflow. */
export const caseEventRequest = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9:._\-/]{1,120}$/, 'must be 1–120 letters, digits or : . _ - /')
      .refine((id) => !RESERVED_EVENT_IDS.includes(id.toLowerCase()), 'is reserved for the case’s own events (the FIR is logged under it); choose another id'),
    type: eventType.max(MAX_EVENT_TYPE_CHARS, `must be at most ${MAX_EVENT_TYPE_CHARS} characters`),
    /** Effective time (epoch ms); omitted: when the workflow receives it. */
    at: z
      .number()
      .int()
      .min(MIN_EVENT_AT, 'must be an instant from 1947 on (epoch milliseconds)')
      .max(MAX_EVENT_AT, 'must be an instant before 2200 (epoch milliseconds)')
      .optional(),
    facts: plainJsonObject.optional(),
    data: z
      .object({
        escalationId: z.string().max(200).optional(),
        role: z.string().max(60).optional(),
        directive: z.string().max(2000).optional(),
        toRole: z.string().max(60).optional(),
        clockId: z.string().max(80).optional(),
        decidedBy: z.string().max(60).optional(),
        amount: z.number().positive().finite().optional(),
        accused: z.string().regex(/^a[1-9][0-9]{0,2}$/, 'must be a1, a2, … (an accused of the case)').optional(),
      }, unknownKeys)
      .strict()
      .optional(),
  }, unknownKeys)
  .strict();
export type CaseEventRequest = z.infer<typeof caseEventRequest>;

export interface CaseEventReply {
  status: 'applied' | 'duplicate';
  stage: string;
}

export const caseEventUpdate = defineUpdate<CaseEventReply, [CaseEventRequest]>('caseEvent');
export const caseStateQuery = defineQuery<CaseState>('caseState');
/**
 * Brings the case up to now (warnings, breaches, climbs due by now) and answers its view: a read that never
 * lags a timer. A view, never the whole state, so the reply stays far below Temporal's message limit.
 */
export const advanceToNowUpdate = defineUpdate<CaseView>('advanceToNow');
/** One escalation of the case (open or finished), or null: what a task action needs, without the whole state. */
export const escalationQuery = defineQuery<Escalation | null, [string]>('escalation');
/** The case as a person reads it (clocks with remaining time and ledgers, open escalations, next events). */
export const caseViewQuery = defineQuery<CaseView>('caseView');
export const appliedOverlaysQuery = defineQuery<string[]>('appliedOverlays');
export const allowedEventsQuery = defineQuery<string[]>('allowedEvents');

/** What a case did with a notified holiday: which of its clocks' deadlines moved. */
export interface HolidayReply {
  status: 'applied' | 'duplicate' | 'not-applicable';
  moved: string[];
}
/** A holiday notified while the case runs (validated with `holidayNotification`); idempotent by its id. */
export const notifyHolidayUpdate = defineUpdate<HolidayReply, [HolidayNotification]>('notifyHoliday');

/** Parent → task: the escalation as the case now sees it. */
export const taskSnapshotSignal = defineSignal<[TaskSnapshot]>('taskSnapshot');
export const taskQuery = defineQuery<TaskSnapshot>('task');

export interface TaskSnapshot {
  caseId: string;
  province: string;
  district: string;
  policeStation: string;
  escalation: Escalation;
}

/**
 * The SOP a case runs under: its content hash, which workers resolve from their SOP store. Inputs and requests
 * recorded before hashes also carry the whole bundle; those still replay and run as they did.
 */
export interface PinnedSop {
  hash: string;
  bundle?: SopBundle;
}

/** A new SOP version for a running case, pinned like the case's own. */
export interface MigrationRequest {
  sop: PinnedSop;
}

export const sopMigrationDecision = z
  .object({
    /** The digest of the preview the decision was taken on: a case that moved since is refused. */
    digest: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'must be the digest of a migration preview'),
    by: z.string().min(1).max(120),
    reason: z.string().min(1).max(2000),
  })
  .strict();
export type SopMigrationDecision = z.infer<typeof sopMigrationDecision>;

/** Shows what moving the case to a new SOP would change; changes nothing. */
export const previewMigrationUpdate = defineUpdate<MigrationPreview, [MigrationRequest]>('previewSopMigration');
/** Applies a previewed migration and records who decided it and why. */
export const applyMigrationUpdate = defineUpdate<MigrationPreview, [MigrationRequest & SopMigrationDecision]>('applySopMigration');
