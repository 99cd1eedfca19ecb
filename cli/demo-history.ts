// `npm start -- --demo`: loads a synthetic Punjab history through client/, so a newcomer's inbox, case pages and
// dashboard are not empty. The cases come from the Punjab cohort's simulator (illustrative assumptions, no real
// case or person), moved so each FIR falls in the last weeks and its clocks still run; events after "now" are
// left out. Idempotent: a case already open is left as it is, so a second start loads nothing again.
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { sendCaseEvent } from '../client/case-events';
import { CaseClientError } from '../client/case-client-error';
import { openCaseWorkflow } from '../client/open-case';
import type { CaseFactsInput } from '../rules/schema/case-facts';
import { planArrivals } from '../simulator/engine/arrival-plan';
import { simulateCohort } from '../simulator/engine/simulate-cohort';
import { loadCohortFile } from '../sources/load-sources';
import { currentSopBundle, sopDefinitionsDir } from './current-sop-pack';

const DAY_MS = 86_400_000;

/** The demo sign-ins' police stations: most Lahore and Multan cases are put there, so those inboxes fill. */
const DEMO_STATIONS: Readonly<Record<string, readonly string[]>> = { lahore: ['model-town', 'gulberg'], multan: ['cantt'] };

export interface DemoOptions {
  client: Client;
  taskQueue: string;
  /** How many cases to load (the cohort's districts share them by their arrival rates). */
  cases?: number;
  /** FIRs fall within this many days before now. */
  withinDays?: number;
  seed?: number;
  /** Put before each FIR number, so the demo's cases are marked synthetic and never meet a real FIR's id. */
  firPrefix?: string;
  now?: number;
  log?: (line: string) => void;
}

export interface DemoResult {
  opened: number;
  existing: number;
  events: number;
  refused: number;
}

/** Only Lahore and Multan: the districts the demo people sign in to. */
const DEMO_DISTRICTS = new Set(Object.keys(DEMO_STATIONS));

export async function loadDemoHistory(options: DemoOptions): Promise<DemoResult> {
  const now = options.now ?? Date.now();
  const log = options.log ?? (() => undefined);
  const withinDays = options.withinDays ?? 40;
  const { bundle } = currentSopBundle('punjab', now);
  const cohortFile = path.join(sopDefinitionsDir, 'cohorts', 'punjab-2026.yaml');
  const spec = loadCohortFile(cohortFile, [{ path: cohortFile, bundle }]);
  const wanted = options.cases ?? 120;
  // Ask for enough cases that the demo districts get `wanted` between them (with a margin: shares round).
  const plan = planArrivals(spec);
  const share = plan.filter((a) => DEMO_DISTRICTS.has(a.district)).reduce((n, a) => n + a.count, 0) / plan.reduce((n, a) => n + a.count, 0);
  const simulated = (await simulateCohort(spec, bundle, options.seed ?? 2026, Math.ceil((wanted * 1.25) / Math.max(share, 0.01)) + 10)).filter((c) => DEMO_DISTRICTS.has(c.script.facts.district));
  const result: DemoResult = { opened: 0, existing: 0, events: 0, refused: 0 };
  for (const [n, { script }] of simulated.slice(0, wanted).entries()) {
    // Each case keeps its own rhythm, moved so that its FIR is between 1 and `withinDays` days ago.
    const firAt = now - DAY_MS * (1 + ((n * 7919) % withinDays)) - ((n * 104_729) % DAY_MS);
    const shift = firAt - script.firAt;
    const stations = DEMO_STATIONS[script.facts.district] ?? [];
    const facts: CaseFactsInput = {
      ...script.facts,
      ...(stations.length > 0 ? { policeStation: stations[n % stations.length] } : {}),
      fir: { number: `${options.firPrefix ?? 'demo-'}${script.facts.fir.number}`, year: new Date(firAt + 5 * 3_600_000).getUTCFullYear() },
    };
    const opened = await openCaseWorkflow(options.client, { bundle, facts, firAt, taskQueue: options.taskQueue, acceptOld: true, now });
    if (opened.status === 'existing') {
      result.existing += 1;
      continue;
    }
    result.opened += 1;
    for (const event of script.events) {
      const at = event.at + shift;
      if (at > now) break;
      try {
        await sendCaseEvent(options.client, opened.caseId, { ...event, at });
        result.events += 1;
      } catch (err) {
        // The SOP may refuse a simulated step once the case's days have moved (a holiday, a weekend): counted.
        if (err instanceof CaseClientError) result.refused += 1;
        else throw err;
      }
    }
    if ((n + 1) % 20 === 0) log(`demo: ${n + 1} of ${Math.min(wanted, simulated.length)} cases loaded…`);
  }
  return result;
}
