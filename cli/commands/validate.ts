// `sopflow validate <pack.yaml…>`: exit 0 when every file is valid; otherwise every located error on stderr.
// Overlays and simulator cohort specs given among the files are validated as what they are.
import { loadBundle, loadOverlay } from '../../rules/loader/load-sop';
import { formatSopError, type SopError } from '../../rules/loader/sop-error';
import { loadCohort } from '../../simulator/cohort/load-cohort';
import { InputFileError, isOverlayText, overlayFilesFor, readSopFile } from '../read-sop-files';

export function validateFiles(files: string[]): { errors: string[]; checked: number } {
  const errors: string[] = [];
  const report = (list: SopError[]): void => {
    for (const e of list) errors.push(formatSopError(e));
  };
  for (const file of files) {
    try {
      const source = readSopFile(file);
      // Cohort specs for the simulator live beside the packs and validate the same way.
      if (/^kind:\s*cohort\s*$/m.test(source.text)) {
        const result = loadCohort(source);
        if (!result.ok) report(result.errors);
        continue;
      }
      if (isOverlayText(source.text)) {
        const result = loadOverlay(source);
        if (!result.ok) report(result.errors);
        continue;
      }
      const overlays = overlayFilesFor(file).map(readSopFile);
      const result = loadBundle(source, overlays);
      if (!result.ok) report(result.errors);
    } catch (err) {
      if (err instanceof InputFileError) errors.push(err.message);
      else throw err;
    }
  }
  return { errors: [...new Set(errors)], checked: files.length };
}

export function runValidate(files: string[]): number {
  const { errors, checked } = validateFiles(files);
  if (errors.length > 0) {
    for (const line of errors) process.stderr.write(`${line}\n`);
    process.stderr.write(`${errors.length} error${errors.length === 1 ? '' : 's'} in ${checked} file${checked === 1 ? '' : 's'}\n`);
    return 1;
  }
  process.stdout.write(`${checked} file${checked === 1 ? '' : 's'} valid\n`);
  return 0;
}
