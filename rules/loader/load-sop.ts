// Loads SOP packs and overlays from YAML text: every problem is reported, located, and a bundle either
// loads whole or not at all. No I/O here: the edges read files and pass their text in.
import type { z } from 'zod';
import { sopOverlay, type SopOverlay } from '../schema/sop-overlay';
import { sopPack, type SopPack } from '../schema/sop-pack';
import { checkOverlay, checkPack, type ReferenceProblem } from './reference-checks';
import { formatPath, type LoadResult, type SopError } from './sop-error';
import { locate, parseYamlSource, type YamlSource } from './yaml-source';
import { zodIssuesToErrors } from './zod-issues';

export interface SopSourceText {
  file: string;
  text: string;
}

/** A province pack with the overlays it enables, validated together. */
export interface SopBundle {
  pack: SopPack;
  overlays: SopOverlay[];
}

function parseWith<T>(schema: z.ZodType<T>, input: SopSourceText): { value?: T; source?: YamlSource; errors: SopError[] } {
  const { source, errors } = parseYamlSource(input.file, input.text);
  if (!source) return { errors };
  const result = schema.safeParse(source.data);
  if (!result.success) return { source, errors: zodIssuesToErrors(source, result.error.issues) };
  return { value: result.data, source, errors: [] };
}

function located(source: YamlSource, problems: ReferenceProblem[]): SopError[] {
  return problems.map((p) => ({ file: source.file, ...locate(source, p.path), path: formatPath(p.path), message: p.message }));
}

export function loadPack(input: SopSourceText): LoadResult<SopPack> {
  const { value, source, errors } = parseWith(sopPack, input);
  if (!value || !source) return { ok: false, errors };
  const problems = located(source, checkPack(value));
  return problems.length > 0 ? { ok: false, errors: problems } : { ok: true, value };
}

export function loadOverlay(input: SopSourceText): LoadResult<SopOverlay> {
  const { value, errors } = parseWith(sopOverlay, input);
  return value ? { ok: true, value } : { ok: false, errors };
}

/**
 * The pack plus the overlays it names. Every overlay file given must itself be valid; only the enabled ones are
 * cross-checked against this pack (the others may serve other provinces).
 */
export function loadBundle(packInput: SopSourceText, overlayInputs: SopSourceText[]): LoadResult<SopBundle> {
  const errors: SopError[] = [];
  const packParsed = parseWith(sopPack, packInput);
  errors.push(...packParsed.errors);
  const overlays = new Map<string, { value: SopOverlay; source: YamlSource }>();
  for (const input of overlayInputs) {
    const parsed = parseWith(sopOverlay, input);
    errors.push(...parsed.errors);
    if (parsed.value && parsed.source) {
      const earlier = overlays.get(parsed.value.id);
      if (earlier) {
        errors.push({ file: parsed.source.file, ...locate(parsed.source, ['id']), path: 'id', message: `overlay id "${parsed.value.id}" is also used by ${earlier.source.file}` });
        continue;
      }
      overlays.set(parsed.value.id, { value: parsed.value, source: parsed.source });
    }
  }
  const pack = packParsed.value;
  const packSource = packParsed.source;
  if (!pack || !packSource) return { ok: false, errors };

  errors.push(...located(packSource, checkPack(pack)));
  const enabled: SopOverlay[] = [];
  pack.overlays.forEach((overlayId, i) => {
    const found = overlays.get(overlayId);
    if (!found) {
      errors.push({ file: packSource.file, ...locate(packSource, ['overlays', i]), path: `overlays[${i}]`, message: `overlay "${overlayId}" was not found among the overlay files` });
      return;
    }
    errors.push(...located(found.source, checkOverlay(found.value, pack)));
    enabled.push(found.value);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { pack, overlays: enabled } };
}
