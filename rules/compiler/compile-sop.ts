// Compiles an SOP bundle (pack + enabled overlays) for one case: which overlays match the case's facts, the
// effective clocks and gates, the case machine, and content hashes that pin the SOP version.
import type { CalendarDefinition, IsoWeekday } from '../legal-time/types';
import type { SopBundle } from '../loader/load-sop';
import { sopOverlay, sopPack } from './pack-schemas';
import { accusedIds, factsFor, type CaseFacts } from '../schema/case-facts';
import type { CalendarSpec } from '../schema/calendar';
import { coveredYears } from '../schema/calendar-years';
import type { Citation } from '../schema/common';
import type { ClockSpec } from '../schema/clock';
import type { GateSpec } from '../schema/gate';
import type { LadderSpec } from '../schema/roles-and-ladders';
import type { StageSpec } from '../schema/lifecycle';
import type { ComparisonExplanation } from '../explain/condition-explanation';
import type { HolidayNotification } from '../schema/holiday-notification';
import { foldNotifications } from '../legal-time/notified-holidays';
import { buildCaseMachine, type CaseMachine } from './case-machine';
import { contentHash } from './content-hash';
import { compileCondition, compileGate, type CompiledCondition, type CompiledGate } from './compiled-condition';
import { transitionTable, type TransitionTable } from './transition-table';

export interface OverlayDecision {
  id: string;
  title: string;
  law: string;
  applied: boolean;
  comparisons: ComparisonExplanation[];
}

export interface EffectiveClock extends ClockSpec {
  /** 'pack', or the overlay that added it. */
  source: string;
  /** Overlays that tightened it, with the citation for the new values. */
  tightenedBy: { overlay: string; citation: Citation }[];
}

export interface EffectiveGate extends GateSpec {
  source: string;
}

export interface CompiledSop {
  /** Identifies the SOP version: the bundle's content (pack + enabled overlays), whatever the case. */
  sopHash: string;
  /** Identifies what applies to this case: the effective clocks, gates, stages and ladders. */
  caseSopHash: string;
  province: string;
  version: string;
  overlays: OverlayDecision[];
  suspendedClocks: { clock: string; overlay: string; citation: Citation }[];
  stages: StageSpec[];
  initialStage: string;
  clocks: EffectiveClock[];
  gates: EffectiveGate[];
  ladders: LadderSpec[];
  /** The pack's calendars with the case's notified holidays folded in. */
  calendars: CalendarDefinition[];
  /** Calendar id -> the years its holidays cover (isInstantCovered in legal-time/calendar-coverage tells a deadline's). */
  calendarYears: Record<string, number[]>;
  /** Holidays notified after the SOP was published that this case has received (see notified-holidays.ts). */
  notifications: readonly HolidayNotification[];
  /**
   * The same SOP compiled again for changed facts or notifications: overlays are re-chosen by the facts, and
   * each overlay set is compiled once per bundle, so a case whose facts change pays little.
   */
  recompile(change: { facts?: CaseFacts; notifications?: readonly HolidayNotification[] }): Promise<CompiledSop>;
  /** `recompile`, synchronously (the core's own steps use this one). */
  recompileSync(change: { facts?: CaseFacts; notifications?: readonly HolidayNotification[] }): CompiledSop;
  /** Whether an overlay's match holds for these facts (e.g. one accused's: JJSA for the juvenile only). */
  overlayMatches(overlayId: string, facts: CaseFacts): boolean;
  eventTypes: { type: string; label: string; anyStage: boolean; beforeFir: boolean; perAccused?: boolean }[];
  /** The pack's closed lists a case's facts are checked against. */
  documentIds: string[];
  offenceClassIds: string[];
  machine: CaseMachine;
  /** The machine's transitions, asked of xstate once per bundle (see transition-table.ts). */
  transitions: TransitionTable;
  /** For each event type, the indexes (into `clocks`) of the clocks one of whose triggers names it. */
  clocksByEvent: ReadonlyMap<string, readonly number[]>;
  /** The indexes of the clocks with a trigger on entering or leaving a stage. */
  stageTriggeredClocks: readonly number[];
  /** Conditions and gates compiled to synchronous functions (compiled-condition.ts), built once per SOP. */
  evaluators: {
    condition(condition: NonNullable<ClockSpec['appliesWhen']>): CompiledCondition;
    gate(gateId: string): CompiledGate;
  };
}

const WEEKDAYS: Record<string, IsoWeekday> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

export function toCalendarDefinition(spec: CalendarSpec): CalendarDefinition {
  return {
    id: spec.id,
    closedWeekdays: spec.closedWeekdays.map((d) => WEEKDAYS[d]!),
    holidays: Object.values(spec.holidays).flat(),
  };
}

/** What depends only on the bundle and on which overlays apply: computed once, shared by every such case. */
interface CompiledVariant {
  caseSopHash: string;
  suspendedClocks: CompiledSop['suspendedClocks'];
  clocks: EffectiveClock[];
  gates: EffectiveGate[];
  clocksByEvent: CompiledSop['clocksByEvent'];
  stageTriggeredClocks: CompiledSop['stageTriggeredClocks'];
  evaluators: CompiledSop['evaluators'];
}

interface CompiledBundle {
  sopHash: string;
  /** The bundle read through today's schemas (see compiledBundle). */
  bundle: SopBundle;
  machine: CaseMachine;
  transitions: TransitionTable;
  eventTypes: CompiledSop['eventTypes'];
  documentIds: string[];
  offenceClassIds: string[];
  initialStage: string;
  calendars: CalendarDefinition[];
  calendarYears: Record<string, number[]>;
  overlayMatchers: CompiledCondition[];
  variants: Map<string, CompiledVariant>;
  /** Calendars with notifications folded in, by the notifications' ids. */
  foldedCalendars: Map<string, CalendarDefinition[]>;
}

// Keyed by the bundle object: compiling a million cases of one SOP hashes and builds its machine once.
const compiledBundles = new WeakMap<SopBundle, CompiledBundle>();

function compiledBundle(pinned: SopBundle): CompiledBundle {
  let compiled = compiledBundles.get(pinned);
  if (!compiled) {
    // A bundle pinned in an older case's history was parsed by the schemas of its day: read it through today's,
    // so fields added since take their defaults. Its identity stays the hash of what was pinned.
    const bundle: SopBundle = { pack: sopPack.parse(pinned.pack), overlays: pinned.overlays.map((o) => sopOverlay.parse(o)) };
    const machine = buildCaseMachine(bundle.pack);
    compiled = {
      sopHash: contentHash(pinned),
      bundle,
      machine,
      transitions: transitionTable(machine, bundle.pack),
      eventTypes: bundle.pack.events.map((e) => ({ type: e.type, label: e.label, anyStage: e.anyStage, beforeFir: e.beforeFir, ...(e.perAccused ? { perAccused: true } : {}) })),
      documentIds: bundle.pack.documents.map((d) => d.id),
      offenceClassIds: bundle.pack.offenceClasses.map((o) => o.id),
      initialStage: bundle.pack.stages.find((s) => s.kind === 'initial')!.id,
      calendars: bundle.pack.calendars.map(toCalendarDefinition),
      calendarYears: Object.fromEntries(bundle.pack.calendars.map((c) => [c.id, coveredYears(c)])),
      overlayMatchers: bundle.overlays.map((o) => compiledCondition(o.match, `overlay ${o.id}: match`)),
      variants: new Map(),
      foldedCalendars: new Map(),
    };
    compiledBundles.set(pinned, compiled);
  }
  return compiled;
}

// Compiled closures depend on the condition's JSON alone, so every variant and bundle sharing a condition
// object shares its compilation (overlay tightening copies clocks but keeps their conditions).
const compiledConditions = new WeakMap<object, CompiledCondition>();

function compiledCondition(condition: NonNullable<ClockSpec['appliesWhen']>, where?: string): CompiledCondition {
  let compiled = compiledConditions.get(condition);
  if (!compiled) compiledConditions.set(condition, (compiled = compileCondition(condition, where)));
  return compiled;
}

/** Which clocks an event or a stage change can touch: an event looks up its clocks instead of testing all. */
function triggerIndex(clocks: readonly EffectiveClock[]): Pick<CompiledVariant, 'clocksByEvent' | 'stageTriggeredClocks'> {
  const byEvent = new Map<string, number[]>();
  const staged: number[] = [];
  clocks.forEach((clock, i) => {
    const triggers = [...clock.start, ...clock.stop, ...clock.cancel, ...clock.pause, ...clock.resume];
    for (const t of triggers) {
      if ('event' in t) {
        const list = byEvent.get(t.event) ?? [];
        if (list.at(-1) !== i) list.push(i);
        byEvent.set(t.event, list);
      } else if (staged.at(-1) !== i) staged.push(i);
    }
  });
  return { clocksByEvent: byEvent, stageTriggeredClocks: staged };
}

function compileVariant(bundle: SopBundle, applied: readonly boolean[]): CompiledVariant {
  const { pack } = bundle;
  let clocks: EffectiveClock[] = pack.clocks.map((c) => ({ ...c, source: 'pack', tightenedBy: [] }));
  const gates: EffectiveGate[] = pack.gates.map((g) => ({ ...g, source: 'pack' }));
  const suspendedClocks: CompiledSop['suspendedClocks'] = [];
  bundle.overlays.forEach((overlay, i) => {
    if (!applied[i]) return;
    for (const s of overlay.suspend) suspendedClocks.push({ clock: s.clock, overlay: overlay.id, citation: s.citation });
    clocks = clocks.map((clock) => {
      const t = overlay.tighten.find((x) => x.clock === clock.id);
      if (!t) return clock;
      return {
        ...clock,
        ...(t.duration ? { duration: t.duration } : {}),
        ...(t.calendar ? { calendar: t.calendar } : {}),
        ...(t.warnBefore ? { warnBefore: t.warnBefore } : {}),
        ...(t.onBreach ? { onBreach: t.onBreach } : {}),
        tightenedBy: [...clock.tightenedBy, { overlay: overlay.id, citation: t.citation }],
      };
    });
    clocks.push(...overlay.clocks.map((c) => ({ ...c, source: overlay.id, tightenedBy: [] })));
    gates.push(...overlay.gates.map((g) => ({ ...g, source: overlay.id })));
  });
  const suspended = new Set(suspendedClocks.map((s) => s.clock));
  clocks = clocks.filter((c) => !suspended.has(c.id));

  const gateCache = new Map<string, CompiledGate>();
  const effective = {
    province: pack.province,
    version: pack.version,
    stages: pack.stages,
    clocks,
    gates,
    ladders: pack.ladders,
    calendars: pack.calendars,
    events: pack.events,
  };
  return {
    caseSopHash: contentHash(effective),
    suspendedClocks,
    clocks,
    gates,
    ...triggerIndex(clocks),
    evaluators: {
      condition: (condition) => compiledCondition(condition),
      gate(gateId) {
        let evaluator = gateCache.get(gateId);
        if (!evaluator) {
          const gate = gates.find((g) => g.id === gateId);
          if (!gate) throw new Error(`no gate "${gateId}" in this compiled SOP`);
          gateCache.set(gateId, (evaluator = compileGate(gate.rules, `gate ${gate.id}`)));
        }
        return evaluator;
      },
    },
  };
}

function calendarsWith(compiled: CompiledBundle, province: string, notifications: readonly HolidayNotification[]): CalendarDefinition[] {
  const ours = notifications.filter((n) => n.province === province);
  if (ours.length === 0) return compiled.calendars;
  const key = ours.map((n) => n.id).sort().join('\n');
  let calendars = compiled.foldedCalendars.get(key);
  if (!calendars) compiled.foldedCalendars.set(key, (calendars = foldNotifications(compiled.calendars, ours, Number.POSITIVE_INFINITY)));
  return calendars;
}

/**
 * Compiles the SOP for a case: cacheable by the bundle object (a host that resolves bundles by hash should keep
 * one object per hash, and every case of that SOP then shares the compiled bundle, variants and closures).
 */
export function compileSop(pinned: SopBundle, facts: CaseFacts, notifications: readonly HolidayNotification[] = []): Promise<CompiledSop> {
  return Promise.resolve(compileSopSync(pinned, facts, notifications));
}

/** `compileSop`, synchronously: the compiled core has nothing to wait for. */
export function compileSopSync(pinned: SopBundle, facts: CaseFacts, notifications: readonly HolidayNotification[] = []): CompiledSop {
  const compiled = compiledBundle(pinned);
  const { bundle } = compiled;
  const { pack } = bundle;
  const overlays: OverlayDecision[] = [];
  for (const [i, overlay] of bundle.overlays.entries()) {
    // An overlay about the accused (JJSA: a juvenile) applies when any accused of the case brings it in.
    let { matched, comparisons } = compiled.overlayMatchers[i]!.evaluate(facts);
    for (const other of accusedIds(facts).slice(1)) {
      if (matched) break;
      const result = compiled.overlayMatchers[i]!.evaluate(factsFor(facts, other));
      if (result.matched) ({ matched, comparisons } = result);
    }
    overlays.push({ id: overlay.id, title: overlay.title, law: overlay.law, applied: matched && overlay.provinces.includes(pack.province), comparisons });
  }
  const applied = overlays.map((o) => o.applied);
  const key = applied.map((a) => (a ? '1' : '0')).join('');
  let variant = compiled.variants.get(key);
  if (!variant) compiled.variants.set(key, (variant = compileVariant(bundle, applied)));
  return {
    sopHash: compiled.sopHash,
    caseSopHash: variant.caseSopHash,
    province: pack.province,
    version: pack.version,
    overlays,
    suspendedClocks: variant.suspendedClocks,
    stages: pack.stages,
    initialStage: compiled.initialStage,
    clocks: variant.clocks,
    gates: variant.gates,
    ladders: pack.ladders,
    calendars: calendarsWith(compiled, pack.province, notifications),
    calendarYears: compiled.calendarYears,
    notifications,
    recompile: (change) => compileSop(pinned, change.facts ?? facts, change.notifications ?? notifications),
    recompileSync: (change) => compileSopSync(pinned, change.facts ?? facts, change.notifications ?? notifications),
    overlayMatches: (overlayId, given) => {
      const i = bundle.overlays.findIndex((o) => o.id === overlayId);
      return i >= 0 && compiled.overlayMatchers[i]!.matches(given);
    },
    eventTypes: compiled.eventTypes,
    documentIds: compiled.documentIds,
    offenceClassIds: compiled.offenceClassIds,
    machine: compiled.machine,
    transitions: compiled.transitions,
    clocksByEvent: variant.clocksByEvent,
    stageTriggeredClocks: variant.stageTriggeredClocks,
    evaluators: variant.evaluators,
  };
}
