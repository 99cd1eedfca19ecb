// Loads a scenario file with the same located errors as SOP packs.
import { scenario, type Scenario } from '../schema/scenario';
import type { SopSourceText } from '../loader/load-sop';
import type { LoadResult } from '../loader/sop-error';
import { parseYamlSource } from '../loader/yaml-source';
import { zodIssuesToErrors } from '../loader/zod-issues';

export function loadScenario(input: SopSourceText): LoadResult<Scenario> {
  const { source, errors } = parseYamlSource(input.file, input.text);
  if (!source) return { ok: false, errors };
  const result = scenario.safeParse(source.data);
  if (!result.success) return { ok: false, errors: zodIssuesToErrors(source, result.error.issues) };
  return { ok: true, value: result.data };
}
