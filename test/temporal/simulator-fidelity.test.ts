// Fidelity: 200 cases the simulator generated are replayed through real case workflows on the time-skipping
// server, and each ends with exactly the stage timeline, clocks and escalations (role, level, time) the
// simulator computed. Cases share one legal timeline (one clock offset) so they can run side by side: every
// script's events are sent as the Updates a client would send, dated when they happened; then the server
// skips to the cohort's horizon, firing the workflows' durable timers for whatever fell due after the last event.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBundleFile, loadCohortFile } from '../../sources/load-sources';
import { contentHash } from '../../rules/compiler/content-hash';
import type { CaseState } from '../../rules/case-engine/index';
import { horizonOf, type SimulatedCase } from '../../simulator/engine/simulate-batch';
import { simulateCohort } from '../../simulator/engine/simulate-cohort';
import { caseWorkflow } from '../../workflows/case-workflow';
import { temporalHost } from '../support/temporal-scenario-host';
import { terminateWhenIdle, workerForSuite } from '../support/temporal';

const root = path.resolve(import.meta.dirname, '../..');
const packPath = path.join(root, 'sop-definitions/punjab/punjab-2026.1.yaml');
const bundle = loadBundleFile(packPath);
const spec = loadCohortFile(path.join(root, 'sop-definitions/cohorts/punjab-2026.yaml'), [{ path: packPath, bundle }]);
const CASES = Number(process.env.FIDELITY_CASES ?? 200);
const PARALLEL = 25;

/** What must match: how the case moved, its clocks, and every escalation with its history. */
function essentials(state: CaseState) {
  return {
    stage: state.stage,
    stages: state.timeline.filter((t) => t.kind === 'stage').map((t) => ({ at: t.at, to: t.ref })),
    timeline: state.timeline,
    clocks: state.clocks,
    escalations: state.escalations.map((e) => ({ id: e.id, status: e.status, role: e.role, level: e.level, history: e.history })),
    log: state.log.map((e) => ({ id: e.id, type: e.type, at: e.at })),
  };
}

async function inBatches<T>(items: readonly T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

describe('simulator fidelity: simulated cases through the real case workflow', () => {
  const suite = workerForSuite('timeSkipping', 'simulator-fidelity');
  const { taskQueue } = suite;

  it(
    `${CASES} simulated Punjab cases end with the same stage timelines and escalations in Temporal`,
    async () => {
      const env = suite.env();
      const simulated: SimulatedCase[] = await simulateCohort(spec, bundle, 20261123, CASES);
      expect(simulated).toHaveLength(CASES);
      const horizon = horizonOf(spec);
      const legalStart = Math.min(...simulated.map((c) => c.script.firAt));
      const offset = legalStart - (await env.currentTimeMs());
      const workflowId = (c: SimulatedCase): string => `fidelity/${taskQueue}/${c.index}`;
      const inTemporal = new Map<number, CaseState>();

      // Every case opens on the shared timeline and receives its script's events, dated as simulated.
      await inBatches(simulated, PARALLEL, async (c) => {
        await env.client.workflow.start(caseWorkflow, {
          taskQueue,
          workflowId: workflowId(c),
          args: [{ caseId: workflowId(c), sop: { hash: contentHash(bundle) }, facts: c.script.facts, firAt: c.script.firAt, clockOffsetMs: offset }],
        });
        const host = temporalHost(env, bundle, taskQueue, workflowId(c));
        for (const event of c.script.events) {
          const sent = await host.send(event);
          expect(sent, `${c.script.caseId} ${event.id} ${event.type}`).toEqual({ status: 'applied' });
        }
        // A closed case is read now: it completes 30 days (of server time) after closing.
        if (c.state.stage === 'closed' || c.state.stage === 'cancelled' || c.state.stage === 'untraced') inTemporal.set(c.index, await host.state());
      });

      // Then time passes to the horizon: breaches and climbs due after the last event come from durable timers.
      const legalNow = (await env.currentTimeMs()) + offset;
      expect(legalNow).toBeLessThan(horizon);
      await env.sleep(horizon - legalNow);
      await inBatches(
        simulated.filter((c) => !inTemporal.has(c.index)),
        PARALLEL,
        async (c) => void inTemporal.set(c.index, await temporalHost(env, bundle, taskQueue, workflowId(c)).state()),
      );
      await inBatches(simulated, PARALLEL, (c) => terminateWhenIdle(env, workflowId(c), 'fidelity check finished'));

      let escalations = 0;
      for (const c of simulated) {
        escalations += c.state.escalations.length;
        expect(essentials(inTemporal.get(c.index)!), c.script.caseId).toEqual(essentials(c.state));
      }
      // The cohort exercises what the check is about.
      expect(escalations).toBeGreaterThan(20);
      expect(simulated.some((c) => c.script.events.some((e) => e.type === 'ESCALATION_RESOLVED'))).toBe(true);
      expect(simulated.some((c) => c.state.gateResults.some((g) => !g.passed))).toBe(true);
    },
    240_000,
  );
});
