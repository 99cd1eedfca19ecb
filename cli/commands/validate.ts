// `sopflow validate <pack.yaml…>`: exit 0 when every file is valid; otherwise every located error on stderr.
// Overlays and simulator cohort specs given among the files are validated as what they are. Warnings (a deadline
// that can fall in a year a holiday calendar does not cover) are printed but do not fail validation.
import { calendarCoverageWarnings } from '../../rules/loader/calendar-coverage-warnings';
import { loadBundle, loadOverlay } from '../../rules/loader/load-sop';
import { formatPath, formatSopError, type SopError } from '../../rules/loader/sop-error';
import { locate, parseYamlSource } from '../../rules/loader/yaml-source';
import { loadCohort } from '../../simulator/cohort/load-cohort';
import { InputFileError, isOverlayText, overlayFilesFor, readSopFile } from '../read-sop-files';

export function validateFiles(files: string[]): { errors: string[]; warnings: string[]; checked: number } {
  const errors: string[] = [];
  const warnings: string[] = [];
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
      if (!result.ok) {
        report(result.errors);
        continue;
      }
      const yaml = parseYamlSource(source.file, source.text).source;
      for (const w of calendarCoverageWarnings(result.value.pack, result.value.overlays)) {
        const at = yaml ? locate(yaml, w.path) : { line: 1, col: 1 };
        warnings.push(formatSopError({ file: source.file, ...at, path: formatPath(w.path), message: `warning: ${w.message}` }));
      }
    } catch (err) {
      if (err instanceof InputFileError) errors.push(err.message);
      else throw err;
    }
  }
  return { errors: [...new Set(errors)], warnings: [...new Set(warnings)], checked: files.length };
}

export function runValidate(files: string[]): number {
  const { errors, warnings, checked } = validateFiles(files);
  for (const line of warnings) process.stderr.write(`${line}\n`);
  if (errors.length > 0) {
    for (const line of errors) process.stderr.write(`${line}\n`);
    process.stderr.write(`${errors.length} error${errors.length === 1 ? '' : 's'} in ${checked} file${checked === 1 ? '' : 's'}\n`);
    return 1;
  }
  const warned = warnings.length > 0 ? ` (${warnings.length} warning${warnings.length === 1 ? '' : 's'})` : '';
  process.stdout.write(`${checked} file${checked === 1 ? '' : 's'} valid${warned}\n`);
  return 0;
}
