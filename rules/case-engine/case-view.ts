// The case as a person reads it: stage, every clock with what remains and its ledger, open escalations with
// why they were opened, the latest gate results, the timeline and what may happen next. Pure: the workflow
// answers a query with it, the CLI prints it, a dashboard could render it.
import type { CaseState, ClockStatus, Escalation, GateResult, TimelineEntry } from './case-state';
import { allowedEventTypes, stageOf } from './apply-event';
import { clockSpec, deadlineInput, openGrounds } from './clock-instances';
import { isLiveEscalation } from './escalations';
import type { CompiledSop } from '../compiler/compile-sop';
import { describeClock, isInstantCovered, localYearOf, type ClockLedger } from '../legal-time/index';
import type { Extension, Instant, TollingInterval } from '../legal-time/types';
import type { Citation } from '../schema/common';

export interface ClockView {
  key: string;
  clockId: string;
  /** Whose clock it is, for a per-accused clock in a case with several accused (a1, a2…). */
  accused?: string;
  label: string;
  /** The pack's Urdu label, when it gives one. */
  labelUr?: string;
  citation: Citation;
  status: ClockStatus;
  startedAt: Instant;
  startedBy: string;
  dueAt: Instant | null;
  /** Milliseconds until due (negative: overdue); null when paused or ended. */
  remainingMs: number | null;
  paused: boolean;
  /** The tolling grounds holding the clock now (stay, absconding…), in order of onset. */
  grounds: string[];
  /** Every pause, each with its ground. */
  pauses: TollingInterval[];
  extensions: Extension[];
  endedAt?: Instant;
  endedBy?: string;
  late?: boolean;
  /** A waivable window given up before it ran out: the role that decided. */
  abandonedBy?: string;
  ledger: ClockLedger;
  /** The deadline falls in a year the clock's holiday calendar does not cover: its holidays count as working days. */
  calendarWarning?: string;
}

export interface CaseView {
  sop: { hash: string; caseSopHash: string; province: string; version: string; overlays: string[] };
  asOf: Instant;
  stage: { id: string; label: string; labelUr?: string };
  facts: CaseState['facts'];
  clocks: ClockView[];
  openEscalations: Escalation[];
  closedEscalations: number;
  /** The last result of each gate, with its objections and explanation. */
  gates: (GateResult & { labelUr?: string })[];
  timeline: TimelineEntry[];
  /** How many earlier timeline entries a bounded view left out (the case's record keeps them). */
  timelineOmitted?: number;
  allowedEvents: string[];
}

/**
 * A run of a clock the case's SOP no longer has (facts learnt later brought in an overlay that suspends it): it
 * ended when that happened, and is shown as the record of what ran, with the citation that replaced it.
 */
function retiredClockView(sop: CompiledSop, instance: CaseState['clocks'][number]): ClockView {
  const suspended = sop.suspendedClocks.find((s) => s.clock === instance.clockId);
  const why = suspended ? `suspended by the ${suspended.overlay} overlay` : 'no longer part of the SOP that governs this case';
  return {
    key: instance.key,
    clockId: instance.clockId,
    label: instance.clockId,
    citation: suspended?.citation ?? { law: 'none', section: 'none', verified: false, confidence: 'unverified' },
    status: instance.status,
    startedAt: instance.startedAt,
    startedBy: instance.startedBy,
    dueAt: instance.dueAt,
    remainingMs: null,
    paused: false,
    grounds: [],
    pauses: instance.pauses,
    extensions: instance.extensions,
    ...(instance.endedAt !== undefined ? { endedAt: instance.endedAt } : {}),
    ...(instance.endedBy !== undefined ? { endedBy: instance.endedBy } : {}),
    ledger: { summary: `${instance.status}: ${why}`, lines: [`${instance.status}: ${why}`] },
  };
}

function clockView(sop: CompiledSop, state: CaseState, instance: CaseState['clocks'][number], now: Instant): ClockView {
  if (!sop.clocks.some((c) => c.id === instance.clockId)) return retiredClockView(sop, instance);
  const spec = clockSpec(sop, instance.clockId);
  const live = instance.status === 'running' || instance.status === 'breached';
  // An ended clock is described as of its end: the ledger of a met clock should not keep counting.
  const ledger = describeClock(deadlineInput(sop, spec, instance), instance.endedAt ?? Math.max(now, state.now));
  const whose = instance.accused ?? (spec.per === 'accused' && (state.facts.coAccused?.length ?? 0) > 0 ? 'a1' : undefined);
  return {
    key: instance.key,
    clockId: instance.clockId,
    ...(whose !== undefined ? { accused: whose } : {}),
    label: spec.label,
    ...(spec.label_ur !== undefined ? { labelUr: spec.label_ur } : {}),
    citation: spec.citation,
    status: instance.status,
    startedAt: instance.startedAt,
    startedBy: instance.startedBy,
    dueAt: instance.dueAt,
    remainingMs: live && instance.dueAt !== null ? instance.dueAt - now : null,
    paused: instance.status === 'paused',
    grounds: openGrounds(instance),
    pauses: instance.pauses,
    extensions: instance.extensions,
    ...(instance.endedAt !== undefined ? { endedAt: instance.endedAt } : {}),
    ...(instance.endedBy !== undefined ? { endedBy: instance.endedBy } : {}),
    ...(instance.late ? { late: true } : {}),
    ...(instance.abandonedBy !== undefined ? { abandonedBy: instance.abandonedBy } : {}),
    ledger,
    ...calendarWarning(sop, spec.calendar, instance.dueAt),
  };
}

function calendarWarning(sop: CompiledSop, calendarId: string | undefined, dueAt: Instant | null): { calendarWarning?: string } {
  if (calendarId === undefined || dueAt === null) return {};
  const years = sop.calendarYears[calendarId] ?? [];
  if (isInstantCovered(years, dueAt)) return {};
  return { calendarWarning: `falls due in ${localYearOf(dueAt)}, a year the "${calendarId}" calendar does not cover (it lists ${years.join(', ') || 'no year'}): that year's holidays are counted as working days until they are notified` };
}

export function caseView(sop: CompiledSop, state: CaseState, now: Instant): CaseView {
  const lastGate = new Map<string, GateResult>();
  for (const g of state.gateResults) lastGate.set(g.gateId, g);
  const stage = stageOf(sop, state.stage);
  return {
    sop: {
      hash: state.sopHash,
      caseSopHash: state.caseSopHash,
      province: sop.province,
      version: sop.version,
      overlays: sop.overlays.filter((o) => o.applied).map((o) => o.id),
    },
    asOf: now,
    stage: { id: state.stage, label: stage?.label ?? state.stage, ...(stage?.label_ur !== undefined ? { labelUr: stage.label_ur } : {}) },
    facts: state.facts,
    clocks: state.clocks.map((c) => clockView(sop, state, c, now)),
    openEscalations: state.escalations.filter(isLiveEscalation),
    closedEscalations: state.escalations.filter((e) => !isLiveEscalation(e)).length,
    gates: [...lastGate.values()].map((g) => {
      // The Urdu label is read from the pack when the case is viewed, not kept in the case's state.
      const labelUr = sop.gates.find((spec) => spec.id === g.gateId)?.label_ur;
      return labelUr !== undefined ? { ...g, labelUr } : g;
    }),
    timeline: state.timeline,
    allowedEvents: allowedEventTypes(sop, state),
  };
}
