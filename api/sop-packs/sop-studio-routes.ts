// SOP studio routes for a province's authors: check a draft pack as `sopflow validate` does (every problem at its
// line, calendar warnings beside them), and run the province's scenarios against a version, pass/fail per step.
// Nothing is stored: a draft is checked in memory beside the overlays on disk it would be bundled with.
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MAX_SOP_FILE_BYTES } from '../../rules/loader/yaml-source';
import { runScenario } from '../../rules/scenarios/run-scenario';
import { coreHost } from '../../rules/scenarios/scenario-host';
import type { Scenario } from '../../rules/schema/scenario';
import { provinceId, type ProvinceId } from '../../rules/schema/common';
import { checkSourceFileWithWarnings, loadScenarioFile } from '../../sources/load-sources';
import { SourceError, type LocatedProblem } from '../../sources/located-error';
import { fileSystemReader, layeredReader } from '../../sources/source-reader';
import { mayAct } from '../auth/authorisation';
import { callerOf } from '../auth/authentication';
import type { Caller } from '../auth/caller';
import { ApiProblem, problemResponses } from '../problem';
import type { SopCatalogue } from './sop-catalogue';

const version = z.string().regex(/^\d{4}\.\d+$/, 'must be a version such as 2026.1');
const secured = { security: [{ bearer: [] }], tags: ['sop-packs'] };

const locatedProblem = z
  .object({ file: z.string(), line: z.number().int().optional(), col: z.number().int().optional(), path: z.string().optional(), message: z.string() })
  .meta({ id: 'LocatedProblem' });

const checkBody = z
  .object({
    /** The draft's file name, as problems will name it: a bare YAML name, no directories. */
    file: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,79}\.ya?ml$/, 'must be a bare file name ending .yaml, such as punjab-2027.1-proposal.yaml'),
    text: z.string().max(MAX_SOP_FILE_BYTES, `must be at most ${MAX_SOP_FILE_BYTES} characters`),
  })
  .strict();

const checkResult = z.object({ valid: z.boolean(), problems: z.array(locatedProblem), warnings: z.array(locatedProblem) }).meta({ id: 'SopCheck' });

const stepResult = z.object({ index: z.number().int(), at: z.string(), title: z.string(), passed: z.boolean(), failures: z.array(z.string()) });
const scenarioResult = z.object({ file: z.string(), name: z.string(), passed: z.boolean(), steps: z.array(stepResult), errors: z.array(z.string()) });
const scenarioRun = z
  .object({ province: provinceId, version: z.string(), hash: z.string(), passed: z.number().int(), failed: z.number().int(), scenarios: z.array(scenarioResult) })
  .meta({ id: 'ScenarioRun' });

export interface SopStudioOptions {
  catalogue: SopCatalogue;
  /** The sop-definitions directory: drafts are checked as if they sat in its province folder. */
  definitionsDir: string;
}

interface ShelvedScenario {
  file: string;
  scenario?: Scenario;
  errors: string[];
}

/** A province's scenario files, read once: the same ones `sopflow test` runs. */
function scenarioShelf(definitionsDir: string): (province: ProvinceId) => ShelvedScenario[] {
  const shelves = new Map<ProvinceId, ShelvedScenario[]>();
  return (province) => {
    const known = shelves.get(province);
    if (known) return known;
    const dir = path.join(definitionsDir, province, 'scenarios');
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort() : [];
    const shelf = files.map((name): ShelvedScenario => {
      const file = `${province}/scenarios/${name}`;
      try {
        return { file, scenario: loadScenarioFile(path.join(dir, name)), errors: [] };
      } catch (err) {
        return { file, errors: err instanceof SourceError ? err.lines() : [(err as Error).message] };
      }
    });
    shelves.set(province, shelf);
    return shelf;
  };
}

/** Problems name the draft as the author named it, never a server path. */
const asNamed = (file: string, shown: string) => (p: LocatedProblem): LocatedProblem => (path.resolve(p.file) === path.resolve(file) ? { ...p, file: shown } : { ...p, file: path.basename(p.file) });

function allowCheck(caller: Caller, province: ProvinceId): void {
  const decision = mayAct(caller, { kind: 'sop.check', province });
  if (!decision.ok) throw new ApiProblem(decision.status, decision.code, decision.detail);
}

export const sopStudioRoutes: FastifyPluginCallbackZod<SopStudioOptions> = (app, { catalogue, definitionsDir }, done) => {
  const shelf = scenarioShelf(definitionsDir);

  app.post(
    '/sop-packs/:province/check',
    {
      schema: {
        ...secured,
        summary: 'Check a draft SOP pack: every problem at its line and column, and the calendar warnings',
        params: z.object({ province: provinceId }),
        body: checkBody,
        response: { 200: checkResult, ...problemResponses(400, 401, 403, 413) },
      },
    },
    (request) => {
      const { province } = request.params;
      allowCheck(callerOf(request), province);
      const { file, text } = request.body;
      // The draft sits, in memory only, where a pack of this province would: its overlays are found beside it.
      const virtual = path.join(definitionsDir, province, file);
      const reader = layeredReader({ [virtual]: text }, fileSystemReader);
      const { problems, warnings } = checkSourceFileWithWarnings(virtual, { reader });
      const named = asNamed(virtual, file);
      const all = problems.map(named);
      if (all.length === 0 && !/^kind:\s*sop-overlay\s*$/m.test(text)) {
        const said = /^province:\s*([a-z-]+)\s*$/m.exec(text)?.[1];
        if (said && said !== province) all.push({ file, message: `the pack says province ${said}, but is checked as ${province}'s` });
      }
      return { valid: all.length === 0, problems: all, warnings: warnings.map(named) };
    },
  );

  app.post(
    '/sop-packs/:province/:version/scenario-runs',
    {
      schema: {
        ...secured,
        summary: 'Run the province\u2019s scenarios against an SOP version in the pure core: pass/fail per step',
        params: z.object({ province: provinceId, version }),
        response: { 200: scenarioRun, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { province, version: v } = request.params;
      const caller = callerOf(request);
      allowCheck(caller, province);
      const pack = catalogue.get(province, v);
      if (!pack || !mayAct(caller, { kind: 'sop.read', province, proposal: pack.proposal }).ok) {
        throw new ApiProblem(404, 'sop-version-not-found', `${province} has no SOP version ${v}`, [{ path: 'params.version', message: `must be one of: ${catalogue.list(province).map((p) => p.version).join(', ')}` }]);
      }
      const scenarios: z.infer<typeof scenarioResult>[] = [];
      for (const s of shelf(province)) {
        if (!s.scenario) {
          scenarios.push({ file: s.file, name: s.file, passed: false, steps: [], errors: s.errors });
          continue;
        }
        try {
          // The scenario's own `pack:` names the version it was written for; here it runs against the one asked.
          const report = await runScenario(s.scenario, coreHost(pack.bundle));
          scenarios.push({ file: s.file, name: report.name, passed: report.passed, steps: report.steps, errors: [] });
        } catch (err) {
          scenarios.push({ file: s.file, name: s.scenario.name, passed: false, steps: [], errors: [(err as Error).message] });
        }
      }
      const passed = scenarios.filter((s) => s.passed).length;
      return { province, version: v, hash: pack.hash, passed, failed: scenarios.length - passed, scenarios };
    },
  );
  done();
};
