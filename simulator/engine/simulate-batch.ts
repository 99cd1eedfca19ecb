// The discrete-event simulation of one batch of cases that share resources (a district, when capacity is
// modelled): a virtual clock, one event queue, the agents, and the SOP core hosted exactly as the case
// workflow hosts it (prepareCase, openCase, applyEvent, advanceCase). Results depend only on the seed and on
// which cases are in the batch, never on the thread running it.
import { advanceCase, prepareCaseSync, type CaseState, type CompiledSop } from '../../rules/case-engine/index';
import { dayNumberToIsoDate, isoDateToDayNumber, localDayNumber, localToInstant, startOfLocalDay } from '../../rules/legal-time/local-days';
import type { SopBundle } from '../../rules/loader/load-sop';
import type { CaseFactsInput } from '../../rules/schema/case-facts';
import type { CaseScript } from '../simulation-types';
import type { CohortSpec } from '../cohort/cohort-spec';
import { defectRecipes } from '../cohort/defect-recipes';
import { CaseAgent, type AgentContext, type Intent } from './case-agent';
import { missingAgentEvents } from './agent-events';
import { CaseRandom } from './case-random';
import { drawCaseFacts } from './case-facts-generator';
import { DailyCapacity } from './daily-capacity';
import { EventQueue, type QueueEntry } from './event-queue';
import type { DistrictArrivals } from './arrival-plan';

export interface SimulatedCase {
  index: number;
  script: CaseScript;
  state: CaseState;
  sop: CompiledSop;
  /** Events the agents tried that the SOP refused (e.g. a directive on a task already closed). */
  refused: number;
}

export interface BatchOptions {
  spec: CohortSpec;
  bundle: SopBundle;
  seed: number;
  arrivals: DistrictArrivals;
  /** Which of the district's cases (offsets into `arrivals`); the whole district when capacity is modelled. */
  from: number;
  to: number;
  onCase: (result: SimulatedCase) => void;
  /** Whether each case's script is kept (default true); without it `script.events` is empty. */
  recordScripts?: boolean;
  /** Whether each case's state keeps its narrative (default true); a KPI-only run leaves it out to save memory. */
  narrative?: boolean;
  /** Benchmarks only: called every `every` queue entries with how many cases are open and the clock. */
  sample?: { every: number; call: (open: number, at: number) => void };
}

// An entry names its case by index, not by its agent: a case that finishes leaves the live set at once, so its
// state can be collected even while intents it had scheduled (superseded, or due after it closed) still wait in
// the queue, often for weeks of simulated time.
interface Entry extends QueueEntry {
  intent: Intent | null;
  /** For arrival entries: the offset of the case in the district's arrivals. */
  arrival?: number;
}

export function horizonOf(spec: CohortSpec): number {
  return startOfLocalDay(isoDateToDayNumber(spec.start) + spec.horizonDays);
}

function calendarOfKind(bundle: SopBundle, sop: CompiledSop, kind: 'office' | 'court') {
  const id = bundle.pack.calendars.find((c) => c.kind === kind)?.id;
  return sop.calendars.find((c) => c.id === id);
}

export function simulateBatch(options: BatchOptions): void {
  const { spec, bundle, seed, arrivals } = options;
  const missing = missingAgentEvents(bundle.pack.events.map((e) => e.type));
  if (missing.length > 0) throw new Error(`the ${bundle.pack.province} SOP ${bundle.pack.version} lacks events the simulated people send: ${missing.join(', ')}`);
  const district = spec.arrivals.districts.find((d) => d.id === arrivals.district)!;
  const horizon = horizonOf(spec);
  const documents = bundle.pack.documents.map((d) => d.id);
  const recipes = defectRecipes(bundle);
  const queue = new EventQueue<Entry>();
  const narrative = options.narrative ?? true;

  // Capacity per district (prosecutors, courts) and per police station (investigators), built on first use with
  // the calendars of the SOP the batch runs under.
  const capacity = spec.capacity;
  const resources = new Map<string, DailyCapacity>();
  const resourceFor = (kind: 'report' | 'scrutiny' | 'court', facts: CaseFactsInput, sop: CompiledSop): DailyCapacity | undefined => {
    if (!capacity) return undefined;
    const key = kind === 'report' ? `report/${facts.policeStation}` : kind;
    let resource = resources.get(key);
    if (!resource) {
      if (kind === 'report') resource = new DailyCapacity(capacity.investigatorsPerStation * capacity.reportsPerInvestigatorPerDay, calendarOfKind(bundle, sop, 'office'));
      else if (kind === 'scrutiny') resource = new DailyCapacity((district.prosecutors ?? capacity.prosecutorsPerDistrict) * capacity.scrutiniesPerProsecutorPerDay, calendarOfKind(bundle, sop, 'office'));
      else resource = new DailyCapacity((district.courts ?? capacity.courtsPerDistrict) * capacity.hearingsPerCourtPerDay, calendarOfKind(bundle, sop, 'court'));
      resources.set(key, resource);
    }
    return resource;
  };

  const finish = (agent: CaseAgent, sop: CompiledSop): void => {
    const state = agent.finished ? agent.state : advanceCase(sop, agent.state, Math.max(agent.state.now, horizon), { inPlace: true, discardEffects: true, narrative }).state;
    options.onCase({ index: agent.index, script: agent.script(), state, sop, refused: agent.refused });
  };

  // Arrivals enter the queue as they come due, so only cases already registered are held in memory.
  const firAtOf = (offset: number, random: CaseRandom): number => {
    const day = arrivals.dayOf[offset]!;
    // FIRs are registered between 06:00 and 22:00, to the minute.
    return localToInstant(day * 86_400_000) + Math.floor(random.between(6, 22) * 60) * 60_000;
  };
  const randoms = new Map<number, CaseRandom>();
  let nextArrival = options.from;
  // FIRs join the queue a day ahead of the clock: only cases already registered are held in memory, and no FIR
  // is ever behind the clock (FIR days are in index order).
  const enqueueDay = (day: number): void => {
    while (nextArrival < options.to && arrivals.dayOf[nextArrival]! <= day) {
      const offset = nextArrival++;
      const index = arrivals.firstIndex + offset;
      const random = new CaseRandom(seed, index);
      randoms.set(index, random);
      queue.push({ at: firAtOf(offset, random), caseIndex: index, seq: -1, intent: null, arrival: offset });
    }
  };
  const admitArrivals = (): void => {
    for (;;) {
      if (nextArrival >= options.to) return;
      const top = queue.peek();
      const nextDay = arrivals.dayOf[nextArrival]!;
      if (top && nextDay > localDayNumber(top.at) + 1) return;
      enqueueDay(nextDay);
    }
  };

  /** The cases open now, by index, with the SOP each opened under. */
  const live = new Map<number, { agent: CaseAgent; sop: CompiledSop }>();
  const sample = options.sample;
  let popped = 0;
  for (;;) {
    admitArrivals();
    const entry = queue.pop();
    if (!entry) break;
    if (sample && ++popped % sample.every === 0) sample.call(live.size, entry.at);
    if (entry.arrival !== undefined) {
      const random = randoms.get(entry.caseIndex)!;
      randoms.delete(entry.caseIndex);
      const year = Number(dayNumberToIsoDate(arrivals.dayOf[entry.arrival]!).slice(0, 4));
      const facts = drawCaseFacts(spec, random, district, entry.caseIndex, year);
      const { sop, facts: parsedFacts } = prepareCaseSync(bundle, facts);
      const ctx: AgentContext = {
        spec,
        sop,
        facts: parsedFacts,
        horizon,
        documents,
        recipes,
        recordScripts: options.recordScripts ?? true,
        narrative,
        capacity: (kind, f) => resourceFor(kind, f, sop),
        schedule: (agent, at, intent) => queue.push({ at, caseIndex: agent.index, seq: agent.nextSeq(), intent }),
      };
      const agent = new CaseAgent(entry.caseIndex, `${spec.province}/${district.id}/${entry.caseIndex}`, facts, entry.at, random, ctx);
      agent.open();
      if (agent.pending === 0 || agent.finished) finish(agent, sop);
      else live.set(agent.index, { agent, sop });
      continue;
    }
    const open = live.get(entry.caseIndex);
    if (!open) continue; // the case has finished: what it had scheduled no longer matters
    const { agent, sop } = open;
    agent.run(entry.at, entry.intent!);
    if (agent.finished || agent.pending === 0) {
      live.delete(agent.index);
      finish(agent, sop);
    }
  }
}
