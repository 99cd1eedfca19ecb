// Writes report files all-or-nothing: every file goes to a temporary name beside its target first, and only when
// all are written are they renamed into place, so a failed run never leaves a partial or stale-looking report.
import fs from 'node:fs';
import path from 'node:path';

export interface ReportFile {
  path: string;
  content: string;
}

/** Problems with where reports would go, found before a long run rather than after it. */
export function checkReportTargets(targets: readonly { flag: string; path: string }[], inputs: readonly string[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  const inputSet = new Set(inputs.map((p) => path.resolve(p)));
  for (const { flag, path: target } of targets) {
    const resolved = path.resolve(target);
    const dir = path.dirname(resolved);
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) problems.push(`${flag} ${target}: directory ${path.dirname(target)} does not exist`);
    else if (fs.existsSync(resolved) && fs.statSync(resolved).isDirectory()) problems.push(`${flag} ${target}: is a directory`);
    if (inputSet.has(resolved)) problems.push(`${flag} ${target}: would overwrite an input file`);
    const earlier = seen.get(resolved);
    if (earlier) problems.push(`${flag} ${target}: the same file as ${earlier}`);
    seen.set(resolved, flag);
  }
  return problems;
}

export function writeReportFiles(files: readonly ReportFile[]): void {
  const temps: { temp: string; target: string }[] = [];
  try {
    for (const file of files) {
      const target = path.resolve(file.path);
      const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
      temps.push({ temp, target });
      fs.writeFileSync(temp, file.content);
    }
    for (const { temp, target } of temps) fs.renameSync(temp, target);
  } catch (err) {
    for (const { temp } of temps) fs.rmSync(temp, { force: true });
    throw err;
  }
}
