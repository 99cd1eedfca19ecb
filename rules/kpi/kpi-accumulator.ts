// Streaming KPI accumulation: a final case state in, counts and histograms up; accumulators merge exactly (for
// worker threads) and finalise into sorted KPI values. Memory depends on the number of groups, never on the
// number of cases.
import type { CaseState } from '../case-engine/index';
import type { CompiledSop } from '../compiler/compile-sop';
import { addDuration, histogramCount, mergeHistogram, quantileDays, type DurationHistogram } from './duration-histogram';
import { KPI, KPI_CLOCKS, MILESTONE_EVENTS } from './kpi-catalogue';
import { clockVerdict, completedRunMs, isStatutoryBailClock, KPI_BASES, kpiMonth, overdueTasks, TASK_LANDING_ACTIONS, type KpiDimension } from './kpi-observations';
import type { KpiValue } from './kpi-types';

/** What the accumulator needs of the case's compiled SOP. */
export type KpiSop = Pick<CompiledSop, 'clocks' | 'initialStage'>;

/** An accumulator's content as plain JSON, in a canonical order (sorted keys). */
export interface KpiAccumulatorData {
  shares: [string, number, number][];
  counts: [string, number][];
  histograms: [string, DurationHistogram][];
}

// Histogram KPIs: one histogram yields a median and a p90.
export const QUANTILE_KPIS: Record<string, [string, string]> = {
  'stage.duration': [KPI.stageDurationMedian, KPI.stageDurationP90],
  'time.fir_to_court': [KPI.firToCourtMedian, KPI.firToCourtP90],
  'time.fir_to_judgment': [KPI.firToJudgmentMedian, KPI.firToJudgmentP90],
  'challan.cure_time': [KPI.cureTimeMedian, KPI.cureTimeP90],
};

/**
 * A cell key is `kpi|extra|base`: `extra` holds the KPI's own dimensions (clock, stage, role…) and `base` the
 * case's group (province, district, offence class), each a JSON array of sorted [key, value] pairs, so keys are
 * canonical without sorting per observation.
 */
const SEP = '|';

function pairs(group: Record<string, string>): string {
  return JSON.stringify(Object.keys(group).sort().map((k) => [k, group[k]!]));
}

// A million cases name a few hundred distinct groups: each group's string is built once and then reused, so
// the cell keys below are the same string objects (hashed once) instead of new concatenations per observation.
const memo = <K, V>(cache: Map<K, V>, key: K, make: () => V): V => {
  let value = cache.get(key);
  if (value === undefined) cache.set(key, (value = make()));
  return value;
};
const clockGroups = new Map<string, string>();
const stageGroups = new Map<string, string>();
const taskGroups = new Map<string, string>();
const caseBases = new Map<string, readonly string[]>();
const bailClocksOf = new WeakMap<KpiSop['clocks'], ReadonlySet<string>>();

const clockGroup = (clock: string): string => memo(clockGroups, clock, () => pairs({ clock }));
const stageGroup = (stage: string): string => memo(stageGroups, stage, () => pairs({ stage }));
const taskGroup = (level: number, month: string, role: string): string =>
  memo(taskGroups, `${level}\u0000${month}\u0000${role}`, () => pairs({ level: String(level), month, role }));

function bailClocksFor(sop: KpiSop): ReadonlySet<string> {
  let ids = bailClocksOf.get(sop.clocks);
  if (!ids) bailClocksOf.set(sop.clocks, (ids = new Set(sop.clocks.filter(isStatutoryBailClock).map((c) => c.id))));
  return ids;
}

function basesOf(province: string, district: string, offenceClass: string): readonly string[] {
  return memo(caseBases, `${province}\u0000${district}\u0000${offenceClass}`, () => {
    const dims: Partial<Record<KpiDimension, string>> = { province, district, offenceClass };
    return KPI_BASES.map((base) => pairs(Object.fromEntries(base.map((d) => [d, dims[d]!]))));
  });
}

/** The order finalised KPI values are listed in: by KPI id, then by group (its keys sorted). */
export function kpiValueSortKey(value: KpiValue): string {
  const group = Object.keys(value.group).sort().map((k) => [k, value.group[k]!]);
  return `${value.kpi}${SEP}${JSON.stringify(group)}`;
}

function decodeGroup(extra: string, base: string): Record<string, string> {
  const entries = [...(JSON.parse(extra) as [string, string][]), ...(JSON.parse(base) as [string, string][])];
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return Object.fromEntries(entries);
}

const byKey = <T>(a: [string, ...T[]], b: [string, ...T[]]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

export class KpiAccumulator {
  private readonly shares = new Map<string, [number, number]>();
  private readonly counts = new Map<string, number>();
  private readonly histograms = new Map<string, DurationHistogram>();
  /** kpi → extra → base → the cell's key `kpi|extra|base` (see memo above). */
  private readonly keys = new Map<string, Map<string, Map<string, string>>>();

  /** The keys of one KPI and extra, by base (looked up once per observation, then once per base). */
  private keysOf(kpi: string, extra: string): Map<string, string> {
    let byExtra = this.keys.get(kpi);
    if (!byExtra) this.keys.set(kpi, (byExtra = new Map<string, Map<string, string>>()));
    let byBase = byExtra.get(extra);
    if (!byBase) byExtra.set(extra, (byBase = new Map<string, string>()));
    return byBase;
  }

  private static keyIn(byBase: Map<string, string>, kpi: string, extra: string, base: string): string {
    let key = byBase.get(base);
    if (key === undefined) byBase.set(base, (key = kpi + SEP + extra + SEP + base));
    return key;
  }

  static fromData(data: KpiAccumulatorData): KpiAccumulator {
    const acc = new KpiAccumulator();
    acc.mergeData(data);
    return acc;
  }

  private share(kpi: string, extra: string, bases: readonly string[], hit: boolean): void {
    const byBase = this.keysOf(kpi, extra);
    for (const base of bases) {
      const key = KpiAccumulator.keyIn(byBase, kpi, extra, base);
      const cell = this.shares.get(key);
      if (cell) {
        if (hit) cell[0]++;
        cell[1]++;
      } else this.shares.set(key, [hit ? 1 : 0, 1]);
    }
  }

  private count(kpi: string, extra: string, bases: readonly string[], by = 1): void {
    const byBase = this.keysOf(kpi, extra);
    for (const base of bases) {
      const key = KpiAccumulator.keyIn(byBase, kpi, extra, base);
      this.counts.set(key, (this.counts.get(key) ?? 0) + by);
    }
  }

  private duration(kpi: string, extra: string, bases: readonly string[], ms: number): void {
    const byBase = this.keysOf(kpi, extra);
    for (const base of bases) {
      const key = KpiAccumulator.keyIn(byBase, kpi, extra, base);
      let h = this.histograms.get(key);
      if (!h) this.histograms.set(key, (h = {}));
      addDuration(h, ms);
    }
  }

  /** Adds one case, as it stands at the end of the run (clocks still running are not yet decided). */
  addCase(state: CaseState, sop: KpiSop): void {
    const { province, district, offence } = state.facts;
    const bases = basesOf(province, district, offence.class);
    const none = '[]';
    this.count(KPI.casesCount, none, bases);

    // Statutory clocks.
    const bailClocks = bailClocksFor(sop);
    let bailApplied = false;
    let bailBreached = false;
    for (const c of state.clocks) {
      if (bailClocks.has(c.clockId)) {
        bailApplied = true;
        if (c.breachedAt !== undefined) bailBreached = true;
      }
      if (c.clockId === KPI_CLOCKS.defectCure) {
        const ms = completedRunMs(c);
        if (ms !== null) this.duration('challan.cure_time', none, bases, ms);
      }
      const verdict = clockVerdict(c);
      if (verdict === null) continue;
      if (c.clockId === KPI_CLOCKS.challanS173) this.share(KPI.challanWithinS173Share, none, bases, verdict === 'met');
      else if (c.clockId === KPI_CLOCKS.scrutinyReturn) this.share(KPI.scrutinyReturnedInTimeShare, none, bases, verdict === 'met');
      const extra = clockGroup(c.clockId);
      this.share(KPI.clockMetShare, extra, bases, verdict === 'met');
      this.share(KPI.clockBreachedShare, extra, bases, verdict === 'breached');
    }
    if (bailApplied) {
      this.share(KPI.custodyBeyondS497Share, none, bases, bailBreached);
      if (bailBreached) this.count(KPI.custodyBeyondS497Count, none, bases);
    }

    // Stage stays, from the stage changes on the timeline.
    let stage = sop.initialStage;
    let since = state.openedAt;
    for (const entry of state.timeline) {
      if (entry.kind !== 'stage' || entry.ref === undefined) continue;
      this.duration('stage.duration', stageGroup(stage), bases, entry.at - since);
      stage = entry.ref;
      since = entry.at;
    }

    // Milestones and scrutinies, from the event log.
    const scrutinies = new Set<string>();
    let courtAt: number | undefined;
    let judgmentAt: number | undefined;
    for (const e of state.log) {
      if (e.type === MILESTONE_EVENTS.scrutiny) scrutinies.add(e.id);
      else if (e.type === MILESTONE_EVENTS.filedInCourt) courtAt ??= e.at;
      else if (e.type === MILESTONE_EVENTS.judgment) judgmentAt ??= e.at;
    }
    if (courtAt !== undefined) this.duration('time.fir_to_court', none, bases, courtAt - state.openedAt);
    if (judgmentAt !== undefined) this.duration('time.fir_to_judgment', none, bases, judgmentAt - state.openedAt);
    if (scrutinies.size > 0) {
      const returned = new Set(state.gateResults.filter((g) => !g.passed && scrutinies.has(g.eventId)).map((g) => g.eventId));
      for (const id of scrutinies) this.share(KPI.challanReturnRate, none, bases, returned.has(id));
      this.share(KPI.challanCasesReturnedShare, none, bases, returned.size > 0);
    }

    // Supervisor load: every time a task lands on a role.
    for (const escalation of state.escalations) {
      for (const h of escalation.history) {
        if (!TASK_LANDING_ACTIONS.has(h.action)) continue;
        const extra = taskGroup(h.level, kpiMonth(h.at), h.role);
        this.count(KPI.escalationsPerRoleMonth, extra, bases);
      }
      for (const o of overdueTasks(escalation.history)) {
        this.count(KPI.tasksOverduePerRoleMonth, taskGroup(o.level, kpiMonth(o.at), o.role), bases);
      }
    }
  }

  merge(other: KpiAccumulator): void {
    this.mergeData(other.toData());
  }

  mergeData(data: KpiAccumulatorData): void {
    for (const [key, hit, n] of data.shares) {
      const cell = this.shares.get(key);
      if (cell) {
        cell[0] += hit;
        cell[1] += n;
      } else this.shares.set(key, [hit, n]);
    }
    for (const [key, n] of data.counts) this.counts.set(key, (this.counts.get(key) ?? 0) + n);
    for (const [key, h] of data.histograms) {
      let mine = this.histograms.get(key);
      if (!mine) this.histograms.set(key, (mine = {}));
      mergeHistogram(mine, h);
    }
  }

  toData(): KpiAccumulatorData {
    return {
      shares: [...this.shares].map(([k, [hit, n]]): [string, number, number] => [k, hit, n]).sort(byKey),
      counts: [...this.counts].sort(byKey),
      histograms: [...this.histograms].map(([k, h]): [string, DurationHistogram] => [k, { ...h }]).sort(byKey),
    };
  }

  /** The KPI values, sorted by KPI id and then group, identical however the cases were split and merged. */
  finalise(): KpiValue[] {
    const out: { sortKey: string; value: KpiValue }[] = [];
    const push = (kpi: string, extra: string, base: string, value: number, n: number): void => {
      const group = decodeGroup(extra, base);
      out.push({ sortKey: `${kpi}${SEP}${JSON.stringify(Object.entries(group))}`, value: { kpi, group, value, n } });
    };
    const split = (key: string): [string, string, string] => {
      const [kpi, extra, base] = key.split(SEP) as [string, string, string];
      return [kpi, extra, base];
    };
    for (const [key, [hit, n]] of this.shares) {
      const [kpi, extra, base] = split(key);
      push(kpi, extra, base, n === 0 ? 0 : hit / n, n);
    }
    for (const [key, n] of this.counts) {
      const [kpi, extra, base] = split(key);
      push(kpi, extra, base, n, n);
    }
    for (const [key, h] of this.histograms) {
      const [name, extra, base] = split(key);
      const [median, p90] = QUANTILE_KPIS[name]!;
      const n = histogramCount(h);
      push(median, extra, base, quantileDays(h, 0.5)!, n);
      push(p90, extra, base, quantileDays(h, 0.9)!, n);
    }
    return out.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0)).map((o) => o.value);
  }
}
