// Loads a cohort spec from YAML text: the same hardened parser and located errors as SOP packs
// (file:line:col: field.path: message), then checks the spec against the SOP pack it will run under.
import type { SopBundle } from '../../rules/loader/load-sop';
import { formatPath, type LoadResult, type SopError } from '../../rules/loader/sop-error';
import { locate, parseYamlSource, type YamlSource } from '../../rules/loader/yaml-source';
import { zodIssuesToErrors } from '../../rules/loader/zod-issues';
import { cohortSpec, type CohortSpec } from './cohort-spec';
import { defectRecipes } from './defect-recipes';

export interface LoadedCohort {
  spec: CohortSpec;
  source: YamlSource;
}

export function loadCohort(input: { file: string; text: string }): LoadResult<LoadedCohort> {
  const { source, errors } = parseYamlSource(input.file, input.text);
  if (!source) return { ok: false, errors };
  const parsed = cohortSpec.safeParse(source.data);
  if (!parsed.success) return { ok: false, errors: zodIssuesToErrors(source, parsed.error.issues) };
  const spec = parsed.data;
  const problems: { path: (string | number)[]; message: string }[] = [];
  const ids = new Set<string>();
  spec.arrivals.districts.forEach((d, i) => {
    if (ids.has(d.id)) problems.push({ path: ['arrivals', 'districts', i, 'id'], message: `district "${d.id}" is listed twice` });
    ids.add(d.id);
  });
  const located = problems.map((p): SopError => ({ file: source.file, ...locate(source, p.path), path: formatPath(p.path), message: p.message }));
  return located.length > 0 ? { ok: false, errors: located } : { ok: true, value: { spec, source } };
}

/** What the spec names must exist in the SOP it runs under: its province, offence classes, objection codes. */
export function checkCohortAgainstPack(cohort: LoadedCohort, bundle: SopBundle, packFile: string): SopError[] {
  const { spec, source } = cohort;
  const { pack } = bundle;
  const at = (path: (string | number)[], message: string, key?: string): SopError => ({
    file: source.file,
    ...locate(source, path, key),
    path: formatPath(key === undefined ? path : [...path, key]),
    message,
  });
  const errors: SopError[] = [];
  if (spec.province !== pack.province) errors.push(at(['province'], `the cohort is for ${spec.province}, but ${packFile} is the ${pack.province} pack`));
  const classes = new Set(pack.offenceClasses.map((c) => c.id));
  const known = [...classes].join(', ');
  for (const key of Object.keys(spec.offenceMix)) {
    if (!classes.has(key)) errors.push(at(['offenceMix'], `"${key}" is not an offence class of ${packFile}; known: ${known}`, key));
  }
  for (const key of Object.keys(spec.punishableWithDeath)) {
    if (!classes.has(key)) errors.push(at(['punishableWithDeath'], `"${key}" is not an offence class of ${packFile}; known: ${known}`, key));
  }
  const recipes = defectRecipes(bundle);
  for (const code of Object.keys(spec.prosecution.defects.kinds)) {
    if (!recipes.has(code)) {
      errors.push(at(['prosecution', 'defects', 'kinds'], `"${code}" is not an objection code the gates of ${packFile} can raise from documents or written objections; known: ${[...recipes.keys()].sort().join(', ')}`, code));
    }
  }
  return errors;
}
