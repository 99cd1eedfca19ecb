// A test-only workflow: runs a scenario through the whole pure core (compiler, xstate machine,
// json-rules-engine, legal-time calculus, content hashes) inside Temporal's workflow sandbox.
import type { SopBundle } from '../../rules/loader/load-sop';
import { runScenario, type ScenarioReport } from '../../rules/scenarios/run-scenario';
import { coreHost } from '../../rules/scenarios/scenario-host';
import type { Scenario } from '../../rules/schema/scenario';

export async function coreScenarioProbe(bundle: SopBundle, scenario: Scenario): Promise<ScenarioReport> {
  return runScenario(scenario, coreHost(bundle));
}
