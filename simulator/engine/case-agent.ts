// The behaviour of everyone acting on one case — IO, magistrate, prosecutor, supervisors, court — as intents
// scheduled on the simulation's clock. Each intent, when its time comes, reads the case state the core holds
// and sends the event the core must judge: the agent decides *what people do*, the SOP core decides what it
// means (stage, clocks, gates, escalations). Only events the core applied go into the case's script.
import { advanceCase, applyEventSync, isLiveEscalation, openCaseSync } from '../../rules/case-engine/index';
import type { CaseEventInput, CaseState, CompiledSop, StepOptions, SupervisorData } from '../../rules/case-engine/index';
import type { CaseFacts, CaseFactsInput } from '../../rules/schema/case-facts';
import type { CaseScript } from '../simulation-types';
import { AGENT_EVENTS as EV } from './agent-events';
import type { CohortSpec } from '../cohort/cohort-spec';
import type { DefectRecipe } from '../cohort/defect-recipes';
import type { CaseRandom } from './case-random';
import type { DailyCapacity } from './daily-capacity';

const DAY = 86_400_000;
const MINUTE = 60_000;

export type IntentKind =
  | 'arrest'
  | 'produce'
  | 'remand'
  | 'release'
  | 'interim'
  | 'report'
  | 'cancellation-decision'
  | 'scrutiny'
  | 'cure'
  | 'file'
  | 'charge'
  | 'hearing'
  | 'judgment'
  | 'state-appeal'
  | 'victim-appeal'
  | 'appeal-decision'
  | 'close'
  | 'respond'
  | 'wake';

/** Which line of activity an intent belongs to; a newer intent on a track supersedes older ones. */
type Track = 'main' | 'custody' | 'appeal' | 'supervisor' | 'wake';

const TRACK: Record<IntentKind, Track> = {
  arrest: 'custody',
  produce: 'custody',
  remand: 'custody',
  release: 'custody',
  interim: 'main',
  report: 'main',
  'cancellation-decision': 'main',
  scrutiny: 'main',
  cure: 'main',
  file: 'main',
  charge: 'main',
  hearing: 'main',
  judgment: 'main',
  'state-appeal': 'appeal',
  'victim-appeal': 'appeal',
  'appeal-decision': 'main',
  close: 'main',
  respond: 'supervisor',
  wake: 'wake',
};

export interface Intent {
  kind: IntentKind;
  /** Generation of the intent's track when scheduled: a stale intent is dropped. */
  gen: number;
  /** Capacity already booked for it. */
  booked?: boolean;
  escalationId?: string;
}

/** What the agent needs from the batch it runs in. */
export interface AgentContext {
  spec: CohortSpec;
  sop: CompiledSop;
  /** The case's facts as the core parsed them (the script keeps the facts as drawn). */
  facts: CaseFacts;
  horizon: number;
  documents: string[];
  recipes: Map<string, DefectRecipe>;
  /** Keep each case's script (replays, fidelity checks); KPI-only runs leave it out to save memory. */
  recordScripts: boolean;
  /** Whether the case's state keeps its narrative (timeline texts, gate rule outcomes); KPI-only runs do not. */
  narrative: boolean;
  /** Capacity per kind of work; undefined without a capacity model. */
  capacity(kind: 'report' | 'scrutiny' | 'court', caseFacts: CaseFactsInput): DailyCapacity | undefined;
  schedule(agent: CaseAgent, at: number, intent: Intent): void;
}

// The agent owns its case's state and never looks back at an older one: the core may change it in place. Each
// event is built for one send and never changed after, so the core may keep it in the log as it is.
const IN_PLACE = { inPlace: true, discardEffects: true } as const;
const HANDED_OVER = { ...IN_PLACE, handsOverEvents: true } as const;

// Up, never down: an intent (or a wake-up at a deadline) never runs before the time it was planned for.
const roundToMinute = (t: number): number => Math.ceil(t / MINUTE) * MINUTE;

export class CaseAgent {
  state!: CaseState;
  readonly events: CaseEventInput[] = [];
  refused = 0;
  /** Intents scheduled and not yet run. */
  pending = 0;
  finished = false;
  private counter = 0;
  private seq = 0;
  private readonly gens: Record<Track, number> = { main: 0, custody: 0, appeal: 0, supervisor: 0, wake: 0 };
  private readonly seen = new Set<string>();
  private main: { at: number; intent: Intent } | undefined;
  private wakeAt: number | null = null;
  private outcome: 'challan' | 'cancellation' | 'untraced' = 'challan';
  private defect: DefectRecipe | undefined;
  private hearingsLeft = 0;
  private custodyOver = false;
  private inCustody = false;
  private appealDecisionScheduled = false;
  /** The SOP governing this case: facts an event teaches can bring overlays in (set when the case opens). */
  private sop!: CompiledSop;
  /** How this agent's steps treat its state (in place; with or without the narrative) and the events it sends. */
  private readonly inPlace: StepOptions;
  private readonly handedOver: StepOptions;

  constructor(
    readonly index: number,
    readonly caseId: string,
    readonly facts: CaseFactsInput,
    readonly firAt: number,
    private readonly random: CaseRandom,
    private readonly ctx: AgentContext,
  ) {
    this.inPlace = { ...IN_PLACE, narrative: ctx.narrative };
    this.handedOver = { ...HANDED_OVER, narrative: ctx.narrative };
  }

  nextSeq(): number {
    return this.seq++;
  }

  script(): CaseScript {
    return { caseId: this.caseId, facts: this.facts, firAt: this.firAt, events: this.events };
  }

  isCurrent(intent: Intent): boolean {
    return intent.gen === this.gens[TRACK[intent.kind]];
  }

  private plan(kind: IntentKind, at: number, extra: Partial<Intent> = {}): void {
    const t = roundToMinute(Math.max(at, this.state.now));
    if (t > this.ctx.horizon) return;
    const intent: Intent = { kind, gen: this.gens[TRACK[kind]], ...extra };
    if (TRACK[kind] === 'main') this.main = { at: t, intent };
    this.pending++;
    this.ctx.schedule(this, t, intent);
  }

  /** Supersedes what is pending on a track. */
  private drop(track: Track): void {
    this.gens[track]++;
    if (track === 'main') this.main = undefined;
  }

  private send(type: string, at: number, facts?: Record<string, unknown>, data?: SupervisorData): boolean {
    const event: CaseEventInput = { id: `e${++this.counter}`, type, at, ...(facts ? { facts } : {}), ...(data ? { data } : {}) };
    const outcome = applyEventSync(this.sop, this.state, event, this.handedOver);
    if (outcome.status !== 'applied') {
      this.refused++;
      this.counter--; // keep ids dense: the script holds applied events only
      return false;
    }
    this.state = outcome.state;
    this.sop = outcome.sop;
    if (this.ctx.recordScripts) this.events.push(event);
    return true;
  }

  open(): void {
    const { spec } = this.ctx;
    this.sop = this.ctx.sop;
    this.state = openCaseSync(this.sop, this.ctx.facts, this.firAt, 'fir', [], this.inPlace).state;
    this.outcome = this.random.pick(spec.police.outcomes);
    const reportAt = this.firAt + this.random.days(spec.police.timeToReport) * DAY;
    // An interim report is due by the deadline the core computed for the clock it stops.
    const interimDue = this.deadlineStoppedBy(EV.interimReport);
    if (interimDue !== null && reportAt > interimDue && this.random.chance(spec.police.interimReportShare)) {
      this.plan('interim', Math.max(this.firAt, interimDue - this.random.between(0.5, 4) * DAY));
      this.pendingReportAt = reportAt;
    } else this.plan('report', reportAt);
    if (this.random.chance(spec.custodyShare)) this.plan('arrest', this.firAt + this.random.between(0, 6) * 3_600_000);
    this.afterStep();
  }

  private pendingReportAt = 0;

  /** Due time of the earliest running clock that the given event would stop. */
  private deadlineStoppedBy(eventType: string): number | null {
    let due: number | null = null;
    for (const c of this.state.clocks) {
      if (c.status !== 'running' || c.dueAt === null) continue;
      const spec = this.sop.clocks.find((k) => k.id === c.clockId);
      if (spec?.stop.some((t) => 'event' in t && t.event === eventType) && (due === null || c.dueAt < due)) due = c.dueAt;
    }
    return due;
  }

  private stageKind(): string | undefined {
    return this.sop.stages.find((s) => s.id === this.state.stage)?.kind;
  }

  run(at: number, intent: Intent): void {
    this.pending--;
    if (this.finished || !this.isCurrent(intent)) return;
    if (TRACK[intent.kind] === 'main') this.main = undefined;
    const capacityKind = intent.kind === 'report' ? 'report' : intent.kind === 'scrutiny' ? 'scrutiny' : intent.kind === 'charge' || intent.kind === 'hearing' || intent.kind === 'judgment' ? 'court' : undefined;
    if (capacityKind && !intent.booked) {
      const resource = this.ctx.capacity(capacityKind, this.facts);
      if (resource) {
        const slot = roundToMinute(resource.book(at));
        if (slot > at) {
          this.plan(intent.kind, slot, { booked: true });
          return;
        }
      }
    }
    this.act(at, intent);
    this.afterStep();
  }

  private act(at: number, intent: Intent): void {
    const { spec } = this.ctx;
    const r = this.random;
    switch (intent.kind) {
      case 'wake':
        this.wakeAt = null;
        if (at > this.state.now) this.state = advanceCase(this.sop, this.state, at, this.inPlace).state;
        return;
      case 'arrest':
        if (this.send(EV.arrested, at, { accused: { inCustody: true } })) {
          this.inCustody = true;
          this.plan('produce', at + r.days(spec.police.timeToProduction) * DAY);
          if (r.chance(spec.police.bailShare)) this.plan('release', at + r.days(spec.police.timeToBail) * DAY);
        }
        return;
      case 'produce':
        if (this.custodyOver) return;
        if (r.chance(spec.police.physicalRemandShare)) {
          this.send(EV.physicalRemand, at);
          this.plan('remand', at + r.days(spec.police.physicalRemandDays) * DAY);
        } else {
          this.send(EV.judicialRemand, at);
          this.planRenewal(at);
        }
        return;
      case 'remand':
        if (this.custodyOver) return;
        this.send(EV.judicialRemand, at);
        this.planRenewal(at);
        return;
      case 'release':
        if (this.custodyOver) return;
        this.release(at);
        return;
      case 'interim':
        this.send(EV.interimReport, at);
        this.plan('report', Math.max(at, this.pendingReportAt));
        return;
      case 'report':
        this.submitReport(at);
        return;
      case 'cancellation-decision':
        this.send(EV.cancellationApproved, at);
        return;
      case 'scrutiny': {
        const written = this.defect?.writtenObjection ?? false;
        const facts: Record<string, unknown> = { scrutiny: { objections: written ? ['written objections recorded by the prosecutor'] : [] } };
        if (spec.prosecution.cureDays !== undefined) facts.cureDays = spec.prosecution.cureDays;
        if (!this.send(EV.scrutinyCompleted, at, facts)) return;
        if (this.hasNext(EV.defectsCured)) this.plan('cure', at + r.days(spec.police.cureTime) * DAY);
        else this.plan('file', at + r.days(spec.prosecution.timeToFile) * DAY);
        return;
      }
      case 'cure': {
        if (!r.chance(spec.police.cureIncompleteShare)) this.defect = undefined;
        if (this.send(EV.defectsCured, at, { challan: { documents: this.challanDocuments() } })) this.plan('scrutiny', at + r.days(spec.prosecution.scrutinyTime) * DAY);
        return;
      }
      case 'file':
        if (this.send(EV.filedInCourt, at)) this.plan('charge', at + r.days(spec.courts.timeToCharge) * DAY);
        return;
      case 'charge':
        if (this.send(EV.chargeFramed, at)) {
          this.hearingsLeft = Math.max(1, Math.round(r.days(spec.courts.hearings)));
          this.plan('hearing', at + r.days(spec.courts.hearingInterval) * DAY);
        }
        return;
      case 'hearing':
        if (r.chance(spec.courts.adjournmentRate)) {
          const by = r.pick(spec.courts.adjournmentSoughtBy);
          this.send(by === 'prosecution' ? EV.witnessAbsent : EV.hearingAdjourned, at);
        } else if (this.send(EV.hearingHeld, at)) this.hearingsLeft--;
        this.plan(this.hearingsLeft > 0 ? 'hearing' : 'judgment', at + r.days(spec.courts.hearingInterval) * DAY);
        return;
      case 'judgment': {
        const outcome = r.pick(spec.courts.outcomes);
        if (!this.send(EV.judgment, at, { judgment: { outcome } })) return;
        this.drop('custody');
        this.custodyOver = true;
        if (outcome === 'acquittal' && this.inCustody) this.release(at);
        const appeals = spec.courts.appeals;
        let appealed = false;
        if (outcome === 'acquittal' && r.chance(appeals.stateShare)) {
          this.plan('state-appeal', at + r.days(appeals.stateFilingTime) * DAY);
          appealed = true;
        }
        if (outcome === 'acquittal' && r.chance(appeals.victimShare)) {
          this.plan('victim-appeal', at + r.days(appeals.victimFilingTime) * DAY);
          appealed = true;
        }
        if (!appealed) this.plan('close', at + r.days(spec.courts.timeToClose) * DAY);
        return;
      }
      case 'state-appeal':
      case 'victim-appeal':
        if (this.send(intent.kind === 'state-appeal' ? EV.stateAppeal : EV.victimAppeal, at)) {
          this.drop('main'); // a pending close is overtaken by the appeal
          if (!this.appealDecisionScheduled) {
            this.appealDecisionScheduled = true;
            this.plan('appeal-decision', at + r.days(spec.courts.appeals.decisionTime) * DAY);
          }
        }
        return;
      case 'appeal-decision':
        this.send(EV.appealDecided, at);
        return;
      case 'close':
        // Not appealed: the State's decision not to appeal, recorded by the DPP (closing inside the window needs it).
        this.send(EV.closed, at, undefined, { decidedBy: 'dpp' });
        return;
      case 'respond':
        this.respond(at, intent.escalationId!);
        return;
    }
  }

  private hasNext(eventType: string): boolean {
    return this.sop.stages.find((s) => s.id === this.state.stage)?.on.some((t) => t.event === eventType) ?? false;
  }

  private planRenewal(at: number): void {
    const r = this.random;
    const gap = r.chance(this.ctx.spec.police.remandRenewedOnTimeShare) ? r.between(12, 14.5) : r.between(15.5, 20);
    this.plan('remand', at + gap * DAY);
  }

  private release(at: number): void {
    if (this.send(EV.released, at, { accused: { inCustody: false } })) {
      this.inCustody = false;
      this.custodyOver = true;
      this.drop('custody');
    }
  }

  private challanDocuments(): string[] {
    const omit = new Set(this.defect?.omitDocuments ?? []);
    return this.ctx.documents.filter((d) => !omit.has(d));
  }

  private submitReport(at: number): void {
    const { spec } = this.ctx;
    const r = this.random;
    if (this.outcome === 'challan') {
      if (r.chance(spec.prosecution.defects.probability)) this.defect = this.ctx.recipes.get(r.pick(spec.prosecution.defects.kinds));
      if (this.send(EV.finalReport, at, { challan: { documents: this.challanDocuments() } })) {
        this.plan('scrutiny', at + r.days(spec.prosecution.scrutinyTime) * DAY);
      }
    } else if (this.outcome === 'cancellation') {
      if (this.send(EV.cancellationReport, at)) this.plan('cancellation-decision', at + r.days(spec.prosecution.cancellationDecisionTime) * DAY);
    } else this.send(EV.untracedReport, at);
  }

  /** The officer holding the task answers with a directive; the work the case waits for then goes faster. */
  private respond(at: number, escalationId: string): void {
    if (at > this.state.now) this.state = advanceCase(this.sop, this.state, at, this.inPlace).state;
    const escalation = this.state.escalations.find((e) => e.id === escalationId);
    if (!escalation || !isLiveEscalation(escalation)) return;
    const data = { escalationId, role: escalation.role, directive: 'expedite: act within the SOP period' };
    if (!this.send(EV.escalationResolved, at, undefined, data)) return;
    const waiting = this.main;
    if (waiting && waiting.at > at) {
      const sooner = at + (waiting.at - at) * this.ctx.spec.supervisors.directiveSpeedup;
      const { kind } = waiting.intent;
      this.drop('main');
      this.plan(kind, sooner);
    }
  }

  /** After every step: answer new escalations, keep a wake-up at the next deadline, finish a closed case. */
  private afterStep(): void {
    if (this.stageKind() === 'final') {
      for (const track of Object.keys(this.gens) as Track[]) this.drop(track);
      this.finished = true;
      return;
    }
    const { supervisors } = this.ctx.spec;
    for (const e of this.state.escalations) {
      if (e.status !== 'open' || this.seen.has(e.id)) continue;
      this.seen.add(e.id);
      if (this.random.chance(supervisors.respondShare)) {
        this.plan('respond', e.openedAt + this.random.days(supervisors.responseTime) * DAY, { escalationId: e.id, gen: this.gens.supervisor });
      }
    }
    // Wake at the next deadline so a breach's task is seen (and answered) when it opens, not at the next event.
    let due: number | null = null;
    for (const c of this.state.clocks) if (c.status === 'running' && c.dueAt !== null && c.dueAt > this.state.now && (due === null || c.dueAt < due)) due = c.dueAt;
    if (due !== null && due !== this.wakeAt && due <= this.ctx.horizon) {
      this.drop('wake');
      this.wakeAt = due;
      this.plan('wake', due);
    }
  }
}
