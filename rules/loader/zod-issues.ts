// Turns zod issues into located SOP errors, one per problem.
import type { z } from 'zod';
import { formatPath, type SopError } from './sop-error';
import { locate, type YamlSource } from './yaml-source';

type Issue = z.core.$ZodIssue;

export function zodIssuesToErrors(source: YamlSource, issues: readonly Issue[], base: (string | number)[] = []): SopError[] {
  const out: SopError[] = [];
  for (const issue of issues) {
    const path = [...base, ...(issue.path as (string | number)[])];
    if (issue.code === 'invalid_union') {
      const branch = closestBranch(issue.errors);
      if (branch) {
        out.push(...zodIssuesToErrors(source, branch, path));
        continue;
      }
    }
    if (issue.code === 'invalid_key') {
      const key = String(issue.path[issue.path.length - 1] ?? '');
      const parent = path.slice(0, -1);
      out.push({ file: source.file, ...locate(source, parent, key), path: formatPath(path), message: `key ${issue.issues[0]?.message ?? issue.message}` });
      continue;
    }
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({ file: source.file, ...locate(source, path, key), path: formatPath([...path, key]), message: 'unknown field' });
      }
      continue;
    }
    out.push({ file: source.file, ...locate(source, path), path: formatPath(path), message: issue.message });
  }
  return out;
}

/** In a union, the branch the author evidently meant: the one whose shape matched (no unknown keys at its root). */
function closestBranch(branches: readonly (readonly Issue[])[]): readonly Issue[] | undefined {
  const candidates = branches.filter(
    (issues) => issues.length > 0 && !issues.some((i) => i.path.length === 0 && (i.code === 'unrecognized_keys' || i.code === 'invalid_type')),
  );
  if (candidates.length !== 1) return undefined;
  return candidates[0];
}
