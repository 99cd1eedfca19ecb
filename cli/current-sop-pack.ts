// Which SOP a new case runs under when the user names none: the province's pack in force today (procedure
// applies to pending cases), never a proposal. Packs live in sop-definitions/<province>/, overlays beside them.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import type { SopBundle } from '../rules/loader/load-sop';
import { LEGAL_ZONE } from '../rules/legal-time/local-days';
import type { ProvinceId } from '../rules/schema/common';
import { SourceError } from '../sources/located-error';
import { loadBundleFile } from '../sources/load-sources';
import { CliError } from './cli-error';

export const sopDefinitionsDir = fileURLToPath(new URL('../sop-definitions/', import.meta.url));

/** A case command's errors are one line: the first few located problems, then how many more. */
const PROBLEMS_IN_ONE_LINE = 3;

/** Loads a pack with the given overlay files, or with the overlays beside it when none are given. */
export function loadPackWithOverlays(packFile: string, overlayFiles?: string[]): SopBundle {
  try {
    return loadBundleFile(packFile, overlayFiles ? { overlays: overlayFiles } : {});
  } catch (err) {
    if (!(err instanceof SourceError)) throw err;
    const count = err.problems.length;
    throw new CliError('usage', `${count} error${count === 1 ? '' : 's'} in the SOP: ${err.lines(PROBLEMS_IN_ONE_LINE).join('; ')}`);
  }
}

export function currentSopBundle(province: ProvinceId, now: number, overlayFiles?: string[]): { file: string; bundle: SopBundle } {
  const dir = path.join(sopDefinitionsDir, province);
  const today = DateTime.fromMillis(now, { zone: LEGAL_ZONE }).toISODate()!;
  const candidates = (fs.existsSync(dir) ? fs.readdirSync(dir) : [])
    .filter((f) => /\.ya?ml$/.test(f) && !/proposal/i.test(f))
    .map((f) => {
      const file = path.join(dir, f);
      return { file, bundle: loadPackWithOverlays(file, overlayFiles) };
    })
    .filter((c) => c.bundle.pack.effectiveFrom <= today)
    .sort((a, b) => a.bundle.pack.effectiveFrom.localeCompare(b.bundle.pack.effectiveFrom));
  const current = candidates.at(-1);
  if (!current) throw new CliError('usage', `no SOP pack for ${province} is in force on ${today} in ${path.relative(process.cwd(), dir) || dir}; name one with --sop`);
  return current;
}
