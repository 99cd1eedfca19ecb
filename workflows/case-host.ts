// The logic of one case workflow, free of Temporal's API so it is unit-tested without a server: it holds the
// compiled SOP and the case state, hands every event and every passage of time to the case engine, collects
// the engine's effects, and turns them into work for the workflow (tasks to start or signal, notifications,
// event records). The workflow file only wires messages, timers and activities to it.
import {
  advanceCase,
  allowedEvents,
  applyEventSync,
  caseView,
  eventFactsRefusal,
  eventRefusal,
  FIR_EVENT_TYPE,
  isClosed,
  holidayNotification,
  nextWakeUp,
  notifyHoliday,
  openCase,
  previewMigration,
  recordMigration,
  type CaseEffect,
  type CaseState,
  type CaseView,
  type CompiledSop,
  type Escalation,
  type HolidayNotification,
  type MigrationPreview,
} from '../rules/case-engine/index';
import { z } from 'zod';
import type { CaseEventRecord, Notification } from '../activities/index';
import { projectionBatchOf, type ProjectionBatch } from '../activities/projection-batch';
import type { CaseFactsInput } from '../rules/schema/case-facts';
import { caseEventRequest, sopMigrationDecision, type HolidayReply, type CaseEventReply, type CaseEventRequest, type MigrationRequest, type PinnedSop, type SopMigrationDecision } from './case-messages';
import { bundledSopOnly, SopNotFound, type PrepareSop } from './sop-resolution';
import { planTaskSync, type CaseJurisdiction, type TaskCommand } from './task-sync';

/** Records for the outbox, the event sink and the read model not yet handed to their activities. */
export interface Unsent {
  events: CaseEventRecord[];
  notifications: Notification[];
  /** The engine's effects not yet projected (absent in inputs carried before the read model). */
  effects?: CaseEffect[];
}

export interface CarriedCase {
  state: CaseState;
  /** Task workflow id → the escalation status last sent to it. */
  tasks: Record<string, string>;
  unsent?: Unsent;
  /**
   * Effects not yet turned into task work: a run that continues as new while events still arrive (its effects
   * lanes drain first) carries the last steps' so the next run opens or signals their tasks.
   */
  pending?: CaseEffect[];
}

export interface CaseHostInput {
  caseId: string;
  sop: PinnedSop;
  facts: CaseFactsInput;
  firAt: number;
  /**
   * Holidays notified before the case opened (loaded by the edge from the notices' files): its working-day
   * deadlines honour them from the FIR. Carried in the input so replay never reads a file.
   */
  notifications?: HolidayNotification[];
  carried?: CarriedCase;
}

/** Why the host refuses something: the workflow turns it into a non-retryable failure of that name. */
export class CaseRefusal extends Error {
  constructor(
    readonly failureType: 'EventRejected' | 'EventIdReused' | 'MigrationRefused' | 'SopHashMismatch' | 'SopNotFound',
    message: string,
  ) {
    super(message);
  }
}

/**
 * A case's state is carried in every continue-as-new input and answered by its state query, both under
 * Temporal's 2 MiB message limit: an event that would take the record past this is refused, never accepted.
 */
export const MAX_CASE_STATE_BYTES = 1024 * 1024;

/** Holiday notices a case may be opened with (a province notifies a few dozen a year). */
export const MAX_OPENING_NOTICES = 500;

/** A view shows the latest timeline entries; the record keeps them all. */
export const VIEW_TIMELINE_ENTRIES = 500;

export interface HostOptions {
  /** Legal time now (workflow time plus the case's offset). */
  now: () => number;
  /** Whether the FIR registration is recorded in the event sink (false only when replaying older histories). */
  recordFir: boolean;
  /** Compiles a pinned SOP for facts (the workflow's resolves hashes through the SOP store); default: bundles only. */
  prepare?: PrepareSop;
}

/** The SOP store's "not found" as the refusal the caller sees. */
async function prepared(prepare: PrepareSop, pinned: PinnedSop, facts: Parameters<PrepareSop>[1], notifications?: Parameters<PrepareSop>[2]): ReturnType<PrepareSop> {
  try {
    return await prepare(pinned, facts, notifications);
  } catch (err) {
    if (err instanceof SopNotFound) throw new CaseRefusal('SopNotFound', err.message);
    throw err;
  }
}

export class CaseHost {
  private pending: CaseEffect[] = [];
  private isDirty = true;
  /** Called whenever the case becomes dirty: the workflow's loop may wait on it instead of on a condition. */
  onDirty: (() => void) | undefined;
  /** Set when something a reader or a task sees changed since the last sync. */
  get dirty(): boolean {
    return this.isDirty;
  }
  set dirty(value: boolean) {
    this.isDirty = value;
    if (value) this.onDirty?.();
  }
  /** Legal time at which the workflow saw the case closed (a closed case is kept a while, then completes). */
  closedSince: number | undefined;

  private constructor(
    readonly caseId: string,
    private sop: CompiledSop,
    private pinned: PinnedSop,
    private current: CaseState,
    private readonly tasks: Map<string, string>,
    readonly unsent: Unsent,
    private readonly options: HostOptions,
  ) {}

  static async start(input: CaseHostInput, options: HostOptions): Promise<CaseHost> {
    const notices = z.array(holidayNotification).max(MAX_OPENING_NOTICES).safeParse(input.notifications ?? []);
    if (!notices.success) throw new CaseRefusal('EventRejected', `notifications: ${notices.error.issues[0]!.path.join('.')}: ${notices.error.issues[0]!.message}`);
    const { sop, facts } = await prepared(options.prepare ?? bundledSopOnly, input.sop, input.facts, notices.data);
    if (sop.sopHash !== input.sop.hash) throw new CaseRefusal('SopHashMismatch', `pinned SOP content hashes to ${sop.sopHash}, not ${input.sop.hash}`);
    const carried = input.carried;
    const unsent = carried?.unsent ?? { events: [], notifications: [] };
    unsent.effects ??= [];
    const tasks = new Map(Object.entries(carried?.tasks ?? {}));
    if (carried) {
      // The overlays the case's facts have brought in since the FIR, and the holidays notified to it, govern it still.
      const governing = await sop.recompile({ facts: carried.state.facts, notifications: carried.state.notifiedHolidays ?? [] });
      const host = new CaseHost(input.caseId, governing, input.sop, carried.state, tasks, unsent, options);
      host.pending.push(...(carried.pending ?? []));
      return host;
    }
    let opened;
    try {
      opened = await openCase(sop, facts, input.firAt);
    } catch (err) {
      // Facts the SOP cannot take fail the case's opening plainly, never its workflow task.
      throw new CaseRefusal('EventRejected', err instanceof Error ? err.message : String(err));
    }
    const host = new CaseHost(input.caseId, sop, input.sop, opened.state, tasks, unsent, options);
    host.take(opened.effects);
    return host;
  }

  get state(): CaseState {
    return this.current;
  }

  get closed(): boolean {
    return isClosed(this.sop, this.current);
  }

  get appliedOverlays(): string[] {
    return this.sop.overlays.filter((o) => o.applied).map((o) => o.id);
  }

  allowedEvents(): string[] {
    return allowedEvents(this.sop, this.current);
  }

  nextWakeUp(): number | null {
    return nextWakeUp(this.current);
  }

  private legalNow(): number {
    return Math.max(this.current.now, this.options.now());
  }

  private jurisdiction(): CaseJurisdiction {
    const f = this.current.facts;
    return { province: f.province, district: f.district, policeStation: f.policeStation };
  }

  /** Keeps a step's effects for the next sync, and queues the event records they carry. */
  private take(effects: readonly CaseEffect[]): void {
    if (effects.length === 0) return;
    this.pending.push(...effects);
    this.unsent.effects!.push(...effects);
    for (const e of effects) {
      if (e.type !== 'event-applied') continue;
      if (e.eventType === FIR_EVENT_TYPE && !this.options.recordFir) continue;
      this.unsent.events.push(this.eventRecord(e.eventId, e.eventType, e.at));
    }
    this.dirty = true;
  }

  private eventRecord(eventId: string, type: string, at: number): CaseEventRecord {
    const s = this.current;
    return {
      caseId: this.caseId,
      eventId,
      type,
      at,
      recordedAt: this.options.now(),
      stageAfter: s.stage,
      sopHash: s.sopHash,
      province: s.facts.province,
      district: s.facts.district,
      policeStation: s.facts.policeStation,
      offenceClass: s.facts.offence.class,
    };
  }

  /** The checks an event passes before the case is open (its shape); the handler judges the rest. */
  static validateEventShape(raw: CaseEventRequest): CaseEventRequest {
    const parsed = caseEventRequest.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Error(`${issue.path.join('.') || 'event'}: ${issue.message}`);
    }
    return parsed.data;
  }

  /** Cheap checks before an event update is accepted into history: a refused event leaves no trace. */
  validateEvent(raw: CaseEventRequest): void {
    const request = CaseHost.validateEventShape(raw);
    if (this.current.log.some((e) => e.id === request.id)) return; // a duplicate: the handler answers "duplicate"
    // A back-dated event is judged in the stage it is dated in, which only the handler's refold knows.
    const backDated = request.at !== undefined && request.at < this.current.now;
    const refusal = (backDated ? null : eventRefusal(this.sop, this.current, request.type)) ?? (request.facts ? eventFactsRefusal(this.sop, this.current, request.facts) : null);
    if (refusal) throw new Error(refusal);
  }

  // Synchronous: in the workflow every promise costs the SDK's promise hook a stack capture, and an Update's
  // reply is the same whether its handler awaits or not (the main loop runs after the activation either way).
  applyEvent(request: CaseEventRequest): CaseEventReply {
    const event = { ...request, at: request.at ?? this.options.now() };
    // Let time catch up first, so an event arriving after a deadline finds the breach already recorded;
    // a refused event changes nothing, not even that (the main loop records the breach on its own timer).
    const caughtUp = this.caughtUpFor(event.at);
    const outcome = applyEventSync(this.sop, caughtUp.state, event);
    if (outcome.status === 'rejected') throw new CaseRefusal(outcome.conflict === 'id-reused' ? 'EventIdReused' : 'EventRejected', outcome.reason);
    if (outcome.status === 'applied' && JSON.stringify(outcome.state).length > MAX_CASE_STATE_BYTES) {
      throw new CaseRefusal('EventRejected', `the case record is full (over ${MAX_CASE_STATE_BYTES / 1024} KiB): the event was not applied; send its facts in smaller parts or ask an administrator`);
    }
    if (outcome.status === 'applied') {
      this.current = outcome.state;
      this.sop = outcome.sop;
      this.take([...caughtUp.effects, ...outcome.effects]);
    }
    return { status: outcome.status, stage: this.current.stage };
  }

  /**
   * The case brought up to now before an event. An event dated now or later (the usual one) is brought there by
   * the engine itself, which folds time up to the event: one advance per update, not two.
   */
  private caughtUpFor(eventAt: number): { state: CaseState; effects: readonly CaseEffect[] } {
    const now = this.legalNow();
    if (eventAt >= now) return { state: this.current, effects: [] };
    return advanceCase(this.sop, this.current, now);
  }

  static validateHoliday(raw: HolidayNotification): void {
    const parsed = holidayNotification.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Error(`${issue.path.join('.') || 'notification'}: ${issue.message}`);
    }
  }

  /** A holiday notified while the case runs: the deadlines it moves are re-computed from now. */
  async notifyHoliday(raw: HolidayNotification): Promise<HolidayReply> {
    const step = await notifyHoliday(this.sop, this.current, holidayNotification.parse(raw), this.legalNow());
    if (step.status === 'applied') {
      this.current = step.state;
      this.sop = step.sop;
      this.take(step.effects);
    }
    return { status: step.status, moved: step.moved };
  }

  /** Records the warnings, breaches and climbs due by now. */
  advanceToNow(): void {
    const step = advanceCase(this.sop, this.current, this.legalNow());
    this.current = step.state;
    // A plain read changes nothing a task or a search attribute shows.
    this.take(step.effects);
  }

  /** The case as a person reads it, as of now; a query cannot record anything, so time passes on a copy. */
  view(): CaseView {
    const now = this.legalNow();
    const view = caseView(this.sop, advanceCase(this.sop, this.current, now).state, now);
    if (view.timeline.length <= VIEW_TIMELINE_ENTRIES) return view;
    return { ...view, timeline: view.timeline.slice(-VIEW_TIMELINE_ENTRIES), timelineOmitted: view.timeline.length - VIEW_TIMELINE_ENTRIES };
  }

  escalation(id: string): Escalation | null {
    return this.current.escalations.find((e) => e.id === id) ?? null;
  }

  private async migrationTarget(request: MigrationRequest): Promise<CompiledSop> {
    const { sop: target } = await prepared(this.options.prepare ?? bundledSopOnly, request.sop, this.current.initialFacts);
    if (target.sopHash !== request.sop.hash) throw new CaseRefusal('SopHashMismatch', `the new SOP's content hashes to ${target.sopHash}, not ${request.sop.hash}`);
    if (target.province !== this.sop.province) throw new CaseRefusal('MigrationRefused', `the new SOP is for ${target.province}, the case is in ${this.sop.province}`);
    return target;
  }

  async previewMigration(request: MigrationRequest): Promise<MigrationPreview> {
    const target = await this.migrationTarget(request);
    return (await previewMigration(this.sop, target, this.current, this.options.now())).preview;
  }

  static validateMigrationDecision(request: MigrationRequest & SopMigrationDecision): void {
    const parsed = sopMigrationDecision.safeParse({ digest: request.digest, by: request.by, reason: request.reason });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Error(`${issue.path.join('.') || 'decision'}: ${issue.message}`);
    }
  }

  async applyMigration(request: MigrationRequest & SopMigrationDecision): Promise<MigrationPreview> {
    const target = await this.migrationTarget(request);
    const at = this.options.now();
    const { preview, next } = await previewMigration(this.sop, target, this.current, at);
    if (!next) throw new CaseRefusal('MigrationRefused', `the case cannot move to ${target.version}: ${preview.reason ?? 'its history is not valid there'}`);
    if (preview.digest !== request.digest) {
      throw new CaseRefusal('MigrationRefused', 'the case changed since that preview (or it previewed another SOP): preview again before applying');
    }
    const step = recordMigration(next, this.current, { at, fromVersion: this.sop.version, toVersion: target.version, by: request.by, reason: request.reason });
    this.current = step.state;
    this.sop = await target.recompile({ facts: this.current.facts, notifications: this.current.notifiedHolidays ?? [] });
    this.pinned = request.sop;
    this.take(step.effects);
    this.dirty = true;
    return preview;
  }

  /** The pending effects turned into task work and notifications; the effects are then done with. */
  syncTasks(): TaskCommand[] {
    const effects = this.pending;
    this.pending = [];
    const plan = planTaskSync(this.caseId, this.jurisdiction(), this.current, effects, this.tasks);
    this.unsent.notifications.push(...plan.notifications);
    return plan.tasks;
  }

  /** Records for the activities, taken off the queue: records added meanwhile wait for the next flush. */
  takeUnsent(): Unsent {
    return { events: this.unsent.events.splice(0), notifications: this.unsent.notifications.splice(0) };
  }

  /** The effects not yet projected, as one batch for the read model (null when there are none). */
  takeProjection(): ProjectionBatch | null {
    const effects = this.unsent.effects!.splice(0);
    return effects.length ? projectionBatchOf(this.caseId, this.current, this.sop, effects) : null;
  }

  /** What the next run needs to carry on after continue-as-new. */
  carry(): { sop: PinnedSop; carried: CarriedCase } {
    return { sop: this.pinned, carried: { state: this.current, tasks: Object.fromEntries(this.tasks), unsent: this.unsent, ...(this.pending.length ? { pending: this.pending } : {}) } };
  }
}
