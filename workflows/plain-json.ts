// Shape limits on JSON a caller sends (facts, supervisor data), checked without recursion so that no nesting
// depth can overflow the stack of the edge or of the workflow's update validator.

/** Case facts are a few levels deep; anything far deeper is a mistake or an attack, not a case. */
export const MAX_JSON_DEPTH = 16;

/** The first problem with a parsed JSON value, or null: too deep, a non-finite number, or not plain data. */
export function plainJsonProblem(value: unknown, maxDepth = MAX_JSON_DEPTH): string | null {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: v, depth } = stack.pop()!;
    if (typeof v === 'number') {
      // JSON.parse turns 1e999 into Infinity, which the payload converter would send as null.
      if (!Number.isFinite(v)) return 'numbers must be finite (1e999 and the like are not)';
      continue;
    }
    if (v === null || typeof v === 'string' || typeof v === 'boolean') continue;
    if (typeof v !== 'object') return `holds a ${typeof v}, which is not JSON`;
    if (depth >= maxDepth) return `nested deeper than ${maxDepth} levels`;
    for (const child of Array.isArray(v) ? v : Object.values(v as Record<string, unknown>)) stack.push({ value: child, depth: depth + 1 });
  }
  return null;
}
