// The state of one case as the core computes it: plain JSON, so a workflow can carry it across
// continue-as-new and a simulator can hold a million of them.
import type { Citation } from '../schema/common';
import type { CaseFacts } from '../schema/case-facts';
import type { ComparisonExplanation } from '../explain/condition-explanation';
import type { RuleOutcome } from '../compiler/rules-engine';
import type { Extension, Instant, TollingInterval } from '../legal-time/types';
import type { HolidayNotification } from '../schema/holiday-notification';
import { formatLocalDateTime } from '../legal-time/local-days';

/** The event that opens a case: the one event no stage lists. */
export const FIR_EVENT_TYPE = 'FIR_REGISTERED';

/** Events a supervisor sends about an escalation or a clock; allowed in every open stage. */
export const SUPERVISOR_EVENT_TYPES = ['ESCALATION_ACKNOWLEDGED', 'ESCALATION_RESOLVED', 'ESCALATION_REASSIGNED', 'CLOCK_EXTENDED'] as const;
export type SupervisorEventType = (typeof SUPERVISOR_EVENT_TYPES)[number];

export interface SupervisorData {
  escalationId?: string;
  /** The role acting (must hold the task, or have the SOP's power to extend). */
  role?: string;
  directive?: string;
  toRole?: string;
  clockId?: string;
  amount?: number;
  /** The role whose recorded decision gives up a waivable window (e.g. the State decides not to appeal). */
  decidedBy?: string;
  /** The accused an event concerns (a1, a2…), in a case with several; its facts.accused then changes that person. */
  accused?: string;
}

export interface CaseEventInput {
  /** Idempotency key: an id seen before has no further effect. */
  id: string;
  type: string;
  /** Effective time (may be earlier than arrival: back-dated events re-compute the case). */
  at: Instant;
  /** Changes to case facts (deep merge; arrays replace). */
  facts?: Record<string, unknown>;
  data?: SupervisorData;
}

export interface LoggedEvent extends CaseEventInput {
  /** Arrival order, to order events with the same effective time. */
  seq: number;
}

export type ClockStatus = 'running' | 'paused' | 'breached' | 'met' | 'cancelled';

export interface ClockInstance {
  key: string;
  clockId: string;
  /** The co-accused a per-accused run is for (a2, a3…); absent for the case's clocks and for a1's. */
  accused?: string;
  status: ClockStatus;
  startedAt: Instant;
  startedBy: string;
  amount: number;
  pauses: TollingInterval[];
  extensions: Extension[];
  dueAt: Instant | null;
  warnAt: Instant | null;
  warned: boolean;
  breachedAt?: Instant;
  endedAt?: Instant;
  endedBy?: string;
  /** Met, but after the deadline. */
  late?: boolean;
  /** A waivable window given up before it ran out: the role that decided. */
  abandonedBy?: string;
}

export interface EscalationExplanation {
  rule: string;
  sopHash: string;
  caseSopHash: string;
  citation: Citation;
  summary: string;
  comparisons: ComparisonExplanation[];
  /** Why the case's SOP (caseSopHash) is what it is, when facts learnt after the FIR changed its overlays. */
  sopBasis?: string;
}

export type EscalationStatus = 'open' | 'acknowledged' | 'resolved' | 'closed';

export interface Escalation {
  id: string;
  cause: { kind: 'clock-breach'; clockKey: string; clockId: string } | { kind: 'gate-failures'; gateId: string };
  ladderId: string;
  level: number;
  role: string;
  status: EscalationStatus;
  openedAt: Instant;
  levelSince: Instant;
  slaDueAt: Instant | null;
  history: { at: Instant; action: string; role: string; level: number; note?: string }[];
  explanation: EscalationExplanation;
  closedReason?: string;
}

export interface GateResult {
  gateId: string;
  label: string;
  source: string;
  citation: Citation;
  sopHash: string;
  at: Instant;
  eventId: string;
  passed: boolean;
  objections: { rule: string; code: string; message: string }[];
  rules: RuleOutcome[];
}

export interface TimelineEntry {
  at: Instant;
  kind: 'event' | 'stage' | 'clock' | 'escalation' | 'gate' | 'sop';
  text: string;
  ref?: string;
}

export interface CaseState {
  sopHash: string;
  caseSopHash: string;
  openedAt: Instant;
  /** The facts the case was opened with: a refold for a back-dated event starts from them. */
  initialFacts: CaseFacts;
  facts: CaseFacts;
  stage: string;
  log: LoggedEvent[];
  nextSeq: number;
  clocks: ClockInstance[];
  escalations: Escalation[];
  gateResults: GateResult[];
  gateFailures: Record<string, number>;
  timeline: TimelineEntry[];
  /** Timers (warnings, breaches, SLA climbs) are processed up to this instant. */
  now: Instant;
  /** SOP versions this case was moved to after it opened, each applied explicitly and recorded. */
  migrations?: SopMigrationRecord[];
  /** Overlay sets the case moved between as facts were learnt, in order, each with its reason. */
  overlayChanges?: OverlayChange[];
  /** Holidays notified while the case ran (folded into its calendars; see notified-holidays.ts). */
  notifiedHolidays?: HolidayNotification[];
}

export interface OverlayChange {
  at: Instant;
  added: string[];
  removed: string[];
  fromCaseSopHash: string;
  toCaseSopHash: string;
  reason: string;
}

export interface SopMigrationRecord {
  at: Instant;
  fromSopHash: string;
  toSopHash: string;
  fromVersion: string;
  toVersion: string;
  by: string;
  reason: string;
}

/** Why the case's SOP is what it is, for an escalation's explanation: the latest overlay change, if any. */
export function sopBasis(state: CaseState): string | undefined {
  const last = state.overlayChanges?.at(-1);
  return last ? `caseSopHash ${last.toCaseSopHash} since ${formatLocalDateTime(last.at)}: ${last.reason}` : undefined;
}
