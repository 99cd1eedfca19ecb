// What a step of the case engine did, as typed effects the host executes (start or signal a task, notify,
// record, project) — never re-derived by comparing states. Each effect has a deterministic id, unique within
// its case, so a projection or an outbox written from effects is idempotent across retries and replays.
import type { Instant } from '../legal-time/types';
import type { ClockStatus, Escalation, EscalationStatus, OverlayChange } from './case-state';

export type EscalationChange = 'opened' | 'climbed' | 'acknowledged' | 'reassigned' | 'resolved' | 'closed' | 'withdrawn' | 'sla-missed-at-top' | 'sla-moved';

export interface EscalationEffect {
  type: 'escalation';
  id: string;
  change: EscalationChange;
  escalationId: string;
  at: Instant;
  /** Where the escalation stands right after this change. */
  status: EscalationStatus;
  role: string;
  level: number;
  slaDueAt: Instant | null;
  cause: Escalation['cause'];
  /** Closed, resolved or withdrawn: why. Reassigned: by whom. */
  reason?: string;
  /** Withdrawn only: the escalation as it last stood, since the case no longer holds it. */
  snapshot?: Escalation;
}

/**
 * paused / resumed: the clock stopped (its first ground began) or runs again (its last ground ended);
 * ground-added / ground-ended: a further ground began, or one ended while another still holds the clock;
 * abandoned: a waivable window was given up before it ran out, by a recorded decision.
 */
export type ClockChange =
  | 'started'
  | 'warned'
  | 'breached'
  | 'met'
  | 'cancelled'
  | 'paused'
  | 'resumed'
  | 'ground-added'
  | 'ground-ended'
  | 'abandoned'
  | 'extended'
  | 'recomputed'
  | 'withdrawn';

/**
 * A run as a re-computation left it. A refold re-derives a run's whole past (it may have breached, paused or
 * ended in the re-computed past), so its started and recomputed effects carry the run itself, for a projection
 * to set outright rather than infer from changes it never saw.
 */
export interface ClockRunRecord {
  startedAt: Instant;
  warnedAt: Instant | null;
  breachedAt: Instant | null;
  endedAt: Instant | null;
  /** Start of the tolling that holds the clock now, if any. */
  pausedSince: Instant | null;
  /** Time tolled in pauses that have ended (overlapping grounds counted once). */
  tolledMs: number;
  extensions: number;
}

/** What a tolling or abandonment effect adds: the ground it concerns, the grounds holding after it, who decided. */
export interface ClockEffectDetail {
  ground?: string;
  /** Tolling grounds holding the clock right after this change. */
  grounds?: string[];
  /** Abandoned: the role that decided. */
  decidedBy?: string;
  /** Started or recomputed by a re-computation: the run as it now stands. */
  run?: ClockRunRecord;
}

export interface ClockEffect {
  type: 'clock';
  id: string;
  change: ClockChange;
  clockKey: string;
  clockId: string;
  at: Instant;
  status: ClockStatus;
  dueAt: Instant | null;
  /** Met after its deadline. */
  late?: boolean;
  ground?: string;
  grounds?: string[];
  decidedBy?: string;
  run?: ClockRunRecord;
}

export interface StageEffect {
  type: 'stage-entered';
  id: string;
  at: Instant;
  from: string | null;
  to: string;
}

/** An event the case took into its log: what the event sink records. */
export interface EventEffect {
  type: 'event-applied';
  id: string;
  eventId: string;
  eventType: string;
  at: Instant;
  stageAfter: string;
  /** Dated before the latest event the case held: the case was re-computed from its log. */
  backDated: boolean;
}

export interface GateEffect {
  type: 'gate-evaluated';
  id: string;
  gateId: string;
  eventId: string;
  at: Instant;
  passed: boolean;
  objections: string[];
}

export interface MigrationEffect {
  type: 'sop-migrated';
  id: string;
  at: Instant;
  fromSopHash: string;
  toSopHash: string;
  by: string;
}

/** Facts learnt after the FIR changed which overlays (and so which clocks and gates) apply. */
export interface OverlaysEffect extends OverlayChange {
  type: 'overlays-changed';
  id: string;
}

/** A holiday notified while the case ran: the clocks whose deadlines it moved. */
export interface HolidayEffect {
  type: 'holiday-notified';
  id: string;
  at: Instant;
  notificationId: string;
  name: string;
  notification: string;
  moved: string[];
}

export type CaseEffect = EscalationEffect | ClockEffect | StageEffect | EventEffect | GateEffect | MigrationEffect | OverlaysEffect | HolidayEffect;

/** Where the core's mutators report what they did, in order. */
export class EffectLog {
  readonly effects: CaseEffect[] = [];

  /**
   * Whether the step writes the case's narrative: the timeline's entries other than stage changes, and each gate
   * result's rule outcomes. A host that reads only the KPIs (the simulator) turns it off (StepOptions.narrative);
   * stage changes are always kept, because the core reads them back (overlay-selection.ts) and so do the KPIs.
   */
  constructor(readonly narrates = true) {}

  escalation(e: Escalation, change: EscalationChange, at: Instant, reason?: string): void {
    this.effects.push({
      type: 'escalation',
      id: `escalation:${e.id}:${change}:${e.level}:${at}`,
      change,
      escalationId: e.id,
      at,
      status: e.status,
      role: e.role,
      level: e.level,
      slaDueAt: e.slaDueAt,
      cause: e.cause,
      ...(reason !== undefined ? { reason } : {}),
      ...(change === 'withdrawn' ? { snapshot: { ...e, ...(reason !== undefined ? { closedReason: reason } : {}) } } : {}),
    });
  }

  clock(c: { key: string; clockId: string; status: ClockStatus; dueAt: Instant | null; late?: boolean }, change: ClockChange, at: Instant, detail: ClockEffectDetail = {}): void {
    this.effects.push({
      type: 'clock',
      // Several grounds may change at one instant: the ground keeps their ids apart.
      id: `clock:${c.key}:${change}:${at}${detail.ground !== undefined ? `:${detail.ground}` : ''}`,
      change,
      clockKey: c.key,
      clockId: c.clockId,
      at,
      status: c.status,
      dueAt: c.dueAt,
      ...(c.late ? { late: true } : {}),
      ...(detail.ground !== undefined ? { ground: detail.ground } : {}),
      ...(detail.grounds !== undefined ? { grounds: detail.grounds } : {}),
      ...(detail.decidedBy !== undefined ? { decidedBy: detail.decidedBy } : {}),
      ...(detail.run !== undefined ? { run: detail.run } : {}),
    });
  }

  stage(from: string | null, to: string, at: Instant): void {
    this.effects.push({ type: 'stage-entered', id: `stage:${to}:${at}`, at, from, to });
  }

  event(eventId: string, eventType: string, at: Instant, stageAfter: string, backDated: boolean): void {
    this.effects.push({ type: 'event-applied', id: `event:${eventId}`, eventId, eventType, at, stageAfter, backDated });
  }

  gate(gateId: string, eventId: string, at: Instant, passed: boolean, objections: string[]): void {
    this.effects.push({ type: 'gate-evaluated', id: `gate:${gateId}:${eventId}`, gateId, eventId, at, passed, objections });
  }

  migration(at: Instant, fromSopHash: string, toSopHash: string, by: string): void {
    this.effects.push({ type: 'sop-migrated', id: `migration:${toSopHash}:${at}`, at, fromSopHash, toSopHash, by });
  }

  overlays(change: Omit<OverlaysEffect, 'type' | 'id'>): void {
    this.effects.push({ type: 'overlays-changed', id: `overlays:${change.toCaseSopHash}:${change.at}`, ...change });
  }

  holiday(change: Omit<HolidayEffect, 'type' | 'id'>): void {
    this.effects.push({ type: 'holiday-notified', id: `holiday:${change.notificationId}`, ...change });
  }
}

/** An effect log that keeps nothing: for refolds whose effects are reconciled afterwards. */
export class DiscardedEffects extends EffectLog {
  override escalation(): void {}
  override clock(): void {}
  override stage(): void {}
  override event(): void {}
  override gate(): void {}
  override migration(): void {}
  override overlays(): void {}
  override holiday(): void {}
}
