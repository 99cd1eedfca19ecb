// Cross-reference checks zod cannot express: ids that must exist, ids that must be unique, reachability,
// ladder cycles, and conditions that name facts or values that do not exist.
import { monthSpanDays } from '../legal-time/index';
import { enumValuesOf, factPaths } from '../schema/case-facts';
import type { ClockSpec, Trigger } from '../schema/clock';
import { pauseGroundOf, resumeGroundOf } from '../schema/trigger-grounds';
import type { Condition, TopLevelCondition } from '../schema/conditions';
import type { GateSpec } from '../schema/gate';
import type { SopOverlay } from '../schema/sop-overlay';
import type { SopPack } from '../schema/sop-pack';

export interface ReferenceProblem {
  path: (string | number)[];
  message: string;
}

type Path = (string | number)[];
const KNOWN_FACTS = new Set(factPaths());

/** What a pack declares, for checking the pack itself and the overlays applied to it. */
export interface PackCatalogue {
  stages: Set<string>;
  events: Set<string>;
  roles: Set<string>;
  calendars: Set<string>;
  ladders: Map<string, string[]>;
  clocks: Set<string>;
  offenceClasses: Set<string>;
  documents: Set<string>;
  /** (stage, event) pairs that carry an onGateFail branch. */
  gateableTransitions: Set<string>;
  /** (stage, event) pairs the SOP accepts at all (the stage's transitions and the any-stage events). */
  allowedEvents: Set<string>;
}

export function catalogueOf(pack: SopPack): PackCatalogue {
  const gateable = new Set<string>();
  const allowed = new Set<string>();
  const anyStage = pack.events.filter((e) => e.anyStage).map((e) => e.type);
  for (const stage of pack.stages) {
    for (const t of stage.on) {
      if (t.onGateFail) gateable.add(`${stage.id}/${t.event}`);
      allowed.add(`${stage.id}/${t.event}`);
    }
    if (stage.kind !== 'final') for (const type of anyStage) allowed.add(`${stage.id}/${type}`);
  }
  return {
    stages: new Set(pack.stages.map((s) => s.id)),
    events: new Set(pack.events.map((e) => e.type)),
    roles: new Set(pack.roles.map((r) => r.id)),
    calendars: new Set(pack.calendars.map((c) => c.id)),
    ladders: new Map(pack.ladders.map((l) => [l.id, l.levels.map((x) => x.role)])),
    clocks: new Set(pack.clocks.map((c) => c.id)),
    offenceClasses: new Set(pack.offenceClasses.map((o) => o.id)),
    documents: new Set(pack.documents.map((d) => d.id)),
    gateableTransitions: gateable,
    allowedEvents: allowed,
  };
}

function duplicates<T>(items: readonly T[], key: (t: T) => string, path: string, field: string, out: ReferenceProblem[]): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const k = key(item);
    const first = seen.get(k);
    if (first !== undefined) out.push({ path: [path, i, field], message: `duplicate ${field} "${k}" (first defined at ${path}[${first}])` });
    else seen.set(k, i);
  });
}

function mustExist(set: Set<string> | Map<string, unknown>, value: string | undefined, what: string, path: Path, out: ReferenceProblem[]): void {
  if (value === undefined || set.has(value)) return;
  const known = [...set.keys()].slice(0, 12).join(', ');
  out.push({ path, message: `unknown ${what} "${value}"${known ? ` (known: ${known})` : ''}` });
}

export function checkPack(pack: SopPack): ReferenceProblem[] {
  const out: ReferenceProblem[] = [];
  duplicates(pack.calendars, (c) => c.id, 'calendars', 'id', out);
  duplicates(pack.roles, (r) => r.id, 'roles', 'id', out);
  duplicates(pack.ladders, (l) => l.id, 'ladders', 'id', out);
  duplicates(pack.events, (e) => e.type, 'events', 'type', out);
  duplicates(pack.stages, (s) => s.id, 'stages', 'id', out);
  duplicates(pack.clocks, (c) => c.id, 'clocks', 'id', out);
  duplicates(pack.gates, (g) => g.id, 'gates', 'id', out);
  duplicates(pack.offenceClasses, (o) => o.id, 'offenceClasses', 'id', out);
  duplicates(pack.documents, (d) => d.id, 'documents', 'id', out);
  pack.overlays.forEach((o, i) => {
    if (pack.overlays.indexOf(o) !== i) out.push({ path: ['overlays', i], message: `overlay "${o}" is listed twice` });
  });
  const cat = catalogueOf(pack);

  for (const [year, list] of pack.calendars.flatMap((c, ci) => Object.entries(c.holidays).map(([y, l]) => [[ci, y], l] as const))) {
    const [ci, y] = year;
    list.forEach((h, hi) => {
      if (!h.date.startsWith(`${y}-`)) out.push({ path: ['calendars', ci, 'holidays', y, hi, 'date'], message: `holiday ${h.date} is listed under year ${y}` });
    });
  }

  // Law is data for holidays too: each listed year cites its notification, and a year whose circular is not yet
  // issued cannot hold a day marked notified.
  pack.calendars.forEach((cal, ci) => {
    for (const [y, list] of Object.entries(cal.holidays)) {
      const notices = cal.notifications[y];
      if (!notices) {
        out.push({ path: ['calendars', ci, 'holidays', y], message: `year ${y} lists holidays but calendars[${ci}].notifications has no "${y}" entry citing the notification` });
        continue;
      }
      if (notices.every((n) => n.status === 'expected')) {
        list.forEach((h, hi) => {
          if (h.status === 'notified') out.push({ path: ['calendars', ci, 'holidays', y, hi, 'status'], message: `${h.date} is marked notified, but no ${y} notification has been issued: mark it expected` });
        });
      }
    }
    for (const y of Object.keys(cal.notifications)) {
      if (!(y in cal.holidays)) out.push({ path: ['calendars', ci, 'notifications', y], message: `notification for ${y} but no holidays listed for ${y}` });
    }
  });

  pack.ladders.forEach((ladder, li) => {
    mustExist(cat.calendars, ladder.calendar, 'calendar', ['ladders', li, 'calendar'], out);
    const seenAt = new Map<string, number>();
    ladder.levels.forEach((level, lvl) => {
      mustExist(cat.roles, level.role, 'role', ['ladders', li, 'levels', lvl, 'role'], out);
      const earlier = seenAt.get(level.role);
      if (earlier !== undefined) {
        out.push({
          path: ['ladders', li, 'levels', lvl, 'role'],
          message: `ladder has a cycle: role "${level.role}" already appears at level ${earlier + 1}`,
        });
      } else seenAt.set(level.role, lvl);
      if (level.sla.unit === 'workingDays' && !ladder.calendar) {
        out.push({ path: ['ladders', li, 'levels', lvl, 'sla', 'unit'], message: 'a working-day SLA needs the ladder to name a calendar' });
      }
    });
  });

  const initial = pack.stages.filter((s) => s.kind === 'initial');
  if (initial.length !== 1) {
    const second = pack.stages.findIndex((s, i) => s.kind === 'initial' && i !== pack.stages.indexOf(initial[0]!));
    out.push({
      path: initial.length > 1 ? ['stages', second, 'kind'] : ['stages'],
      message: `exactly one stage must have kind: initial (found ${initial.length})`,
    });
  }
  if (!pack.stages.some((s) => s.kind === 'final')) out.push({ path: ['stages'], message: 'at least one stage must have kind: final' });
  pack.stages.forEach((stage, si) => {
    if (stage.kind === 'final' && stage.on.length > 0) out.push({ path: ['stages', si, 'on'], message: 'a final stage has no transitions' });
    stage.on.forEach((t, ti) => {
      mustExist(cat.events, t.event, 'event', ['stages', si, 'on', ti, 'event'], out);
      mustExist(cat.stages, t.to, 'stage', ['stages', si, 'on', ti, 'to'], out);
      mustExist(cat.stages, t.onGateFail, 'stage', ['stages', si, 'on', ti, 'onGateFail'], out);
    });
  });
  if (initial.length === 1) {
    const reachable = new Set<string>([initial[0]!.id]);
    const queue = [initial[0]!.id];
    while (queue.length > 0) {
      const current = queue.shift();
      const stage = pack.stages.find((s) => s.id === current);
      for (const t of stage?.on ?? []) {
        for (const next of [t.to, t.onGateFail]) {
          if (next && !reachable.has(next)) {
            reachable.add(next);
            queue.push(next);
          }
        }
      }
    }
    pack.stages.forEach((s, si) => {
      if (!reachable.has(s.id)) out.push({ path: ['stages', si, 'id'], message: `stage "${s.id}" is unreachable from the initial stage` });
    });
  }

  pack.clocks.forEach((clock, ci) => checkClock(clock, ["clocks", ci], cat, out));
  pack.gates.forEach((gate, gi) => checkGate(gate, ['gates', gi], cat, out));
  return out;
}

export function checkTrigger(trigger: Trigger, path: Path, cat: PackCatalogue, out: ReferenceProblem[]): void {
  if ('event' in trigger) {
    mustExist(cat.events, trigger.event, 'event', [...path, 'event'], out);
    if (trigger.when) checkConditions(trigger.when, [...path, 'when'], cat, out);
  } else if ('enterStage' in trigger) mustExist(cat.stages, trigger.enterStage, 'stage', [...path, 'enterStage'], out);
  else mustExist(cat.stages, trigger.leaveStage, 'stage', [...path, 'leaveStage'], out);
}

export function checkClock(clock: ClockSpec, path: Path, cat: PackCatalogue, out: ReferenceProblem[]): void {
  for (const key of ['start', 'stop', 'cancel', 'pause', 'resume'] as const) {
    clock[key].forEach((t, ti) => checkTrigger(t, [...path, key, ti], cat, out));
  }
  if (clock.pause.length > 0 && clock.resume.length === 0) out.push({ path: [...path, 'resume'], message: 'a clock that can pause needs resume triggers' });
  const grounds = new Set(clock.pause.map(pauseGroundOf));
  clock.resume.forEach((t, ti) => {
    const ground = resumeGroundOf(clock, t);
    if (ground === null) out.push({ path: [...path, 'resume', ti], message: `the clock pauses on several grounds (${[...grounds].join(', ')}): name the ground this trigger ends` });
    else if (!grounds.has(ground)) out.push({ path: [...path, 'resume', ti, 'ground'], message: `no pause trigger begins ground "${ground}" (grounds: ${[...grounds].join(', ') || 'none'})` });
  });
  for (const ground of grounds) {
    if (clock.resume.length > 0 && !clock.resume.some((t) => resumeGroundOf(clock, t) === ground)) {
      out.push({ path: [...path, 'resume'], message: `no resume trigger ends ground "${ground}": the clock would stay paused for good` });
    }
  }
  clock.waivableBy?.forEach((r, ri) => mustExist(cat.roles, r, 'role', [...path, 'waivableBy', ri], out));
  mustExist(cat.calendars, clock.calendar, 'calendar', [...path, 'calendar'], out);
  if (clock.duration.unit === 'workingDays' && !clock.calendar) {
    out.push({ path: [...path, 'calendar'], message: 'a working-day clock must name a calendar' });
  }
  if (clock.tolling?.counting === 'elapsed-time') {
    if (clock.duration.unit === 'workingDays') {
      out.push({ path: [...path, 'tolling', 'counting'], message: 'elapsed-time counting needs hours, calendarDays, months or years: a working day is a whole open day' });
    } else if (clock.rollForward) {
      out.push({ path: [...path, 'rollForward'], message: 'an elapsed-time clock is running time and never rolls forward: set rollForward: false' });
    }
  }
  if (clock.warnBefore) {
    // Against the shortest span the period can have, so the warning comes after the start for every start date.
    const durHours = spanHours(clock.duration).shortest;
    const warnHours = clock.warnBefore.unit === 'hours' ? clock.warnBefore.amount : clock.warnBefore.amount * 24;
    if (warnHours >= durHours) out.push({ path: [...path, 'warnBefore', 'amount'], message: 'warnBefore must be shorter than the duration, or the warning would come before the clock starts' });
  }
  if (clock.onBreach) checkLadderEntry(clock.onBreach, [...path, 'onBreach'], cat, out);
  clock.extension?.grantedBy.forEach((r, ri) => mustExist(cat.roles, r, 'role', [...path, 'extension', 'grantedBy', ri], out));
  if (clock.appliesWhen) checkConditions(clock.appliesWhen, [...path, 'appliesWhen'], cat, out);
}

export function checkLadderEntry(entry: { ladder: string; startAt: string }, path: Path, cat: PackCatalogue, out: ReferenceProblem[]): void {
  const roles = cat.ladders.get(entry.ladder);
  if (!roles) {
    mustExist(cat.ladders, entry.ladder, 'ladder', [...path, 'ladder'], out);
    return;
  }
  if (!roles.includes(entry.startAt)) {
    out.push({ path: [...path, 'startAt'], message: `role "${entry.startAt}" is not on ladder "${entry.ladder}" (${roles.join(' → ')})` });
  }
}

export function checkGate(gate: GateSpec, path: Path, cat: PackCatalogue, out: ReferenceProblem[]): void {
  mustExist(cat.stages, gate.at.stage, 'stage', [...path, 'at', 'stage'], out);
  mustExist(cat.events, gate.at.event, 'event', [...path, 'at', 'event'], out);
  // A gate either sends the case back (onGateFail) or is a check that escalates when it fails (e.g. a woman
  // remanded to police custody, s.167(5)): one that can do neither would never act.
  const at = `${gate.at.stage}/${gate.at.event}`;
  if (cat.stages.has(gate.at.stage) && cat.events.has(gate.at.event) && !cat.gateableTransitions.has(at)) {
    if (gate.escalateAfter?.failures !== 1) {
      out.push({
        path: [...path, 'at'],
        message: `stage "${gate.at.stage}" has no transition on ${gate.at.event} with an onGateFail branch, so this gate could never send a case back (a check that only escalates needs escalateAfter.failures: 1)`,
      });
    } else if (!cat.allowedEvents.has(at)) {
      out.push({ path: [...path, 'at'], message: `${gate.at.event} is not accepted in stage "${gate.at.stage}", so this check would never run` });
    }
  }
  gate.rules.forEach((rule, ri) => checkConditions(rule.conditions, [...path, 'rules', ri, 'conditions'], cat, out));
  if (gate.escalateAfter) checkLadderEntry(gate.escalateAfter, [...path, 'escalateAfter'], cat, out);
}

/** Every fact a condition names must exist, and a value compared with an enum fact must be one of its values. */
export function checkConditions(cond: TopLevelCondition | Condition, path: Path, cat: PackCatalogue, out: ReferenceProblem[]): void {
  if ('all' in cond) cond.all.forEach((c, i) => checkConditions(c, [...path, 'all', i], cat, out));
  else if ('any' in cond) cond.any.forEach((c, i) => checkConditions(c, [...path, 'any', i], cat, out));
  else if ('not' in cond) checkConditions(cond.not, [...path, 'not'], cat, out);
  else {
    if (!KNOWN_FACTS.has(cond.fact)) {
      out.push({ path: [...path, 'fact'], message: `unknown fact "${cond.fact}"` });
      return;
    }
    const allowed =
      cond.fact === 'offence.class' ? cat.offenceClasses : cond.fact === 'challan.documents' ? cat.documents : enumSet(cond.fact);
    if (!allowed) return;
    const values = Array.isArray(cond.value) ? (cond.value as unknown[]) : [cond.value];
    values.forEach((v) => {
      if (typeof v === 'string' && !allowed.has(v)) {
        out.push({ path: [...path, 'value'], message: `"${v}" is not a possible value of ${cond.fact} (possible: ${[...allowed].join(', ')})` });
      }
    });
  }
}

function enumSet(fact: string): Set<string> | undefined {
  const values = enumValuesOf(fact);
  return values ? new Set(values) : undefined;
}

/** Checks an overlay against the pack it is applied to. */
export function checkOverlay(overlay: SopOverlay, pack: SopPack): ReferenceProblem[] {
  const out: ReferenceProblem[] = [];
  const cat = catalogueOf(pack);
  if (!overlay.provinces.includes(pack.province)) {
    out.push({ path: ['provinces'], message: `overlay does not apply to ${pack.province}, yet pack ${pack.province} ${pack.version} enables it` });
  }
  checkConditions(overlay.match, ['match'], cat, out);
  if (!canEverMatch(overlay.match)) out.push({ path: ['match'], message: 'overlay matches nothing: its conditions contradict each other' });
  duplicates(overlay.clocks, (c) => c.id, 'clocks', 'id', out);
  overlay.clocks.forEach((clock, ci) => {
    if (cat.clocks.has(clock.id)) out.push({ path: ['clocks', ci, 'id'], message: `clock "${clock.id}" already exists in the pack: use tighten to change it` });
    checkClock(clock, ["clocks", ci], cat, out);
  });
  overlay.tighten.forEach((t, ti) => {
    mustExist(cat.clocks, t.clock, 'clock', ['tighten', ti, 'clock'], out);
    mustExist(cat.calendars, t.calendar, 'calendar', ['tighten', ti, 'calendar'], out);
    if (t.onBreach) checkLadderEntry(t.onBreach, ['tighten', ti, 'onBreach'], cat, out);
    const base = pack.clocks.find((c) => c.id === t.clock);
    if (base && t.duration && lengthens(base.duration, t.duration)) {
      out.push({ path: ['tighten', ti, 'duration'], message: `tighten may only shorten clock "${t.clock}" (${base.duration.amount} ${base.duration.unit} in the pack)` });
    }
  });
  overlay.suspend.forEach((s, si) => mustExist(cat.clocks, s.clock, 'clock', ['suspend', si, 'clock'], out));
  const packGates = new Set(pack.gates.map((g) => g.id));
  overlay.gates.forEach((gate, gi) => {
    if (packGates.has(gate.id)) out.push({ path: ['gates', gi, 'id'], message: `gate "${gate.id}" already exists in the pack` });
    checkGate(gate, ['gates', gi], cat, out);
  });
  return out;
}

// Unit order by how long "N of them" can last: hours < calendar days and months < working days. A tightening
// may move to a shorter kind of unit, never a longer one, and may not raise the amount within a kind; across
// kinds the new period's longest span must fit in the old one's shortest (months vary: 6 months are 181-184 days).
const UNIT_RANK = { hours: 0, calendarDays: 1, months: 1, years: 1, workingDays: 2 } as const;
function lengthens(base: ClockSpec['duration'], next: ClockSpec['duration']): boolean {
  if (UNIT_RANK[next.unit] > UNIT_RANK[base.unit]) return true;
  const monthly = (d: ClockSpec['duration']): boolean => d.unit === 'months' || d.unit === 'years';
  if (monthly(base) && monthly(next)) return monthCount(next) > monthCount(base);
  if (next.unit === base.unit) return next.amount > base.amount;
  return spanHours(next).longest > spanHours(base).shortest;
}

function monthCount(d: ClockSpec['duration']): number {
  return d.unit === 'years' ? d.amount * 12 : d.amount;
}

/** The fewest and most hours a duration can last (working days: at least one day each). */
function spanHours(d: ClockSpec['duration']): { shortest: number; longest: number } {
  if (d.unit === 'hours') return { shortest: d.amount, longest: d.amount };
  if (d.unit === 'months' || d.unit === 'years') {
    const days = monthSpanDays(monthCount(d));
    return { shortest: days.shortest * 24, longest: days.longest * 24 };
  }
  return { shortest: d.amount * 24, longest: d.unit === 'workingDays' ? Infinity : d.amount * 24 };
}

/** A conservative contradiction check: an `all` that requires one fact to equal two different values. */
function canEverMatch(cond: TopLevelCondition): boolean {
  if (!('all' in cond)) return true;
  const required = new Map<string, unknown>();
  for (const c of cond.all) {
    if ('fact' in c && c.operator === 'equal') {
      if (required.has(c.fact) && required.get(c.fact) !== c.value) return false;
      required.set(c.fact, c.value);
    }
  }
  return true;
}
