// `sopflow validate <pack.yaml…>`: exit 0 when every file is valid; otherwise the located errors on stderr (the
// first ones, then how many more) and a count. Overlays and simulator cohort specs given among the files are
// validated as what they are. Warnings are printed but do not fail validation.
import { checkSourceFileWithWarnings } from '../../sources/load-sources';
import { formatProblem, reportLines, type LocatedProblem } from '../../sources/located-error';

export function validateFiles(files: string[]): { problems: LocatedProblem[]; warnings: string[]; checked: number } {
  const problems: LocatedProblem[] = [];
  const warnings = new Set<string>();
  const seen = new Set<string>();
  for (const file of files) {
    const checked = checkSourceFileWithWarnings(file);
    for (const p of checked.problems) {
      // A pack's overlay is checked with every pack given: its problems are reported once.
      const line = formatProblem(p);
      if (!seen.has(line)) problems.push(p);
      seen.add(line);
    }
    for (const w of checked.warnings) warnings.add(formatProblem(w));
  }
  return { problems, warnings: [...warnings], checked: files.length };
}

export function runValidate(files: string[]): number {
  const { problems, warnings, checked } = validateFiles(files);
  // Warnings (a deadline that can fall in a year a holiday calendar does not cover) do not fail validation.
  for (const line of warnings) process.stderr.write(`${line}\n`);
  if (problems.length > 0) {
    for (const line of reportLines(problems)) process.stderr.write(`${line}\n`);
    process.stderr.write(`${problems.length} error${problems.length === 1 ? '' : 's'} in ${checked} file${checked === 1 ? '' : 's'}\n`);
    return 1;
  }
  process.stdout.write(`${checked} file${checked === 1 ? '' : 's'} valid${warnings.length > 0 ? ` (${warnings.length} warning${warnings.length === 1 ? '' : 's'})` : ''}\n`);
  return 0;
}
