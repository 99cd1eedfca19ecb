// Shape limits on JSON a caller sends (facts, supervisor data), checked without recursion so that no nesting
// depth can overflow the stack of the edge or of the workflow's update validator.

/** Case facts are a few levels deep; anything far deeper is a mistake or an attack, not a case. */
export const MAX_JSON_DEPTH = 16;

/**
 * An event's facts or data patch a case's record, which every later read and continue-as-new carries: far more
 * than any real event needs, far below Temporal's 2 MiB message limit.
 */
export const MAX_JSON_BYTES = 32 * 1024;

/** A field name, not a document: refusals name unknown keys, and must not echo a megabyte back. */
export const MAX_JSON_KEY_CHARS = 100;

/** The first problem with a parsed JSON value, or null: too deep, too large, a non-finite number, or not plain data. */
export function plainJsonProblem(value: unknown, maxDepth = MAX_JSON_DEPTH, maxBytes = MAX_JSON_BYTES): string | null {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  // An estimate of the JSON size from below (strings, keys and a few bytes per value), counted as we walk.
  let size = 0;
  while (stack.length > 0) {
    const { value: v, depth } = stack.pop()!;
    size += typeof v === 'string' ? v.length + 2 : 4;
    if (size > maxBytes) return `is larger than ${maxBytes / 1024} KiB of JSON`;
    if (typeof v === 'number') {
      // JSON.parse turns 1e999 into Infinity, which the payload converter would send as null.
      if (!Number.isFinite(v)) return 'numbers must be finite (1e999 and the like are not)';
      continue;
    }
    if (v === null || typeof v === 'string' || typeof v === 'boolean') continue;
    if (typeof v !== 'object') return `holds a ${typeof v}, which is not JSON`;
    if (depth >= maxDepth) return `nested deeper than ${maxDepth} levels`;
    if (!Array.isArray(v)) {
      for (const key of Object.keys(v)) {
        // An own `__proto__` key (JSON.parse makes one) becomes the prototype of any object it is copied into:
        // merged into the facts it would set facts the logged event does not show.
        if (key === '__proto__') return 'has a key "__proto__", which is not a field name';
        if (key.length > MAX_JSON_KEY_CHARS) return `has a key longer than ${MAX_JSON_KEY_CHARS} characters`;
        size += key.length + 3;
      }
    }
    for (const child of Array.isArray(v) ? v : Object.values(v as Record<string, unknown>)) stack.push({ value: child, depth: depth + 1 });
  }
  return null;
}
