// The case engine's one face: everything outside rules/case-engine/ imports from here (a lint rule holds the
// line). Like xstate's transition(logic, snapshot, event), each step returns the next state and the typed
// effects it had, and executes nothing: the workflow, the simulator, the scenario host and the tests are hosts
// that act on the effects (start or signal a task, notify, record, project).
import type { CompiledSop } from '../compiler/compile-sop';
import { compileSopSync } from '../compiler/sop-compiler';
import type { SopBundle } from '../loader/load-sop';
import { caseFacts, type CaseFacts, type CaseFactsInput } from '../schema/case-facts';
import { allowedEventTypes, eventRefusal as refusalOf, stageOf } from './apply-event';
import type { CaseState } from './case-state';
import { factsIssue, factsRefusal } from './facts-check';
import { mergeFacts } from '../schema/merge-facts';
import type { HolidayNotification } from '../schema/holiday-notification';
import { asPromise } from '../util/as-promise';

export { openCase, applyEvent, advanceCase, nextWakeUp, type Step, type ApplyOutcome } from './case-engine';
// The same steps, synchronous, for a host that owns its states (the simulator): `{ inPlace: true }` lets a step
// change the state it is given instead of copying it. The workflow keeps the immutable steps above.
export { openCaseSync, applyEventSync, type StepOptions } from './case-engine';
// The SOP compiled once per bundle object (and per overlay set within it): a host that resolves bundles by
// content hash keeps one bundle object per hash and so one compiled SOP per hash.
export { compileSop, compileSopSync } from '../compiler/sop-compiler';
export { previewMigration, recordMigration, type MigrationPreview, type ClockChange as MigrationClockChange } from './migrate-case';
export { notifyHoliday, type HolidayOutcome } from './holiday-notice';
export { holidayNotification, holidayNotificationFile, notificationsOfFile, type HolidayNotification, type HolidayNotificationFile } from '../schema/holiday-notification';
export { caseView, type CaseView, type ClockView } from './case-view';
export { isLiveEscalation } from './escalations';
export type { CaseEffect, EscalationEffect, EscalationChange, ClockEffect, ClockChange, ClockRunRecord, StageEffect, EventEffect, GateEffect, MigrationEffect, OverlaysEffect, HolidayEffect } from './effects';
export {
  FIR_EVENT_TYPE,
  SUPERVISOR_EVENT_TYPES,
  type CaseEventInput,
  type CaseState,
  type ClockInstance,
  type ClockStatus,
  type Escalation,
  type EscalationExplanation,
  type EscalationStatus,
  type GateResult,
  type LoggedEvent,
  type OverlayChange,
  type SopMigrationRecord,
  type SupervisorData,
  type SupervisorEventType,
  type TimelineEntry,
} from './case-state';
export type { CompiledSop };

/** The parsed facts of a case and the SOP compiled for them (overlays chosen by those facts). */
export interface PreparedCase {
  sop: CompiledSop;
  facts: CaseFacts;
}

export type FactsCheck = { ok: true; facts: CaseFacts } | { ok: false; path: string; message: string };

/** Checks a case's facts against the schema; the first problem is reported by its field path. */
export function checkCaseFacts(input: unknown): FactsCheck {
  const parsed = caseFacts.safeParse(input);
  if (parsed.success) return { ok: true, facts: parsed.data };
  return { ok: false, ...factsIssue(parsed.error) };
}

/**
 * Parses the facts once and compiles the SOP for them: what every host does before `openCase`. `notifications`
 * are the holidays notified before the case opened (effective-dated data of their own, not the SOP): the case's
 * working-day deadlines honour them from the start, and it keeps them in its record.
 */
export function prepareCase(bundle: SopBundle, factsInput: CaseFactsInput | CaseFacts, notifications: readonly HolidayNotification[] = []): Promise<PreparedCase> {
  return asPromise(() => prepareCaseSync(bundle, factsInput, notifications));
}

/** `prepareCase`, synchronously. */
export function prepareCaseSync(bundle: SopBundle, factsInput: CaseFactsInput | CaseFacts, notifications: readonly HolidayNotification[] = []): PreparedCase {
  const facts = caseFacts.parse(factsInput);
  return { sop: compileSopSync(bundle, facts, notifications), facts };
}

/** The events the SOP allows in the case's current stage. */
export function allowedEvents(sop: CompiledSop, state: CaseState): string[] {
  return allowedEventTypes(sop, state);
}

/** Why an event of this type cannot be applied in the case's current stage, or null when it can. */
export function eventRefusal(sop: CompiledSop, state: CaseState, type: string): string | null {
  return refusalOf(sop, state, type);
}

/** Whether the case has reached a final stage (closed, judgment final…). */
export function isClosed(sop: CompiledSop, state: CaseState): boolean {
  return stageOf(sop, state.stage)?.kind === 'final';
}

/** Why an event's facts cannot be merged into the case (schema or the SOP's closed lists), or null. */
export function eventFactsRefusal(sop: CompiledSop, state: CaseState, patch: Record<string, unknown>): string | null {
  const merged = checkCaseFacts(mergeFacts(state.facts, patch));
  if (!merged.ok) return `${merged.path}: ${merged.message}`;
  return factsRefusal(sop, merged.facts);
}
