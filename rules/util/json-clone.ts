// A deep copy with exactly the result of a JSON round trip (undefined members dropped, undefined array items
// and non-finite numbers become null, -0 becomes 0), without building the intermediate string: copying the
// case state on every event is the core's hottest path. States are plain data; the workflow sandbox has no
// structuredClone, and structuredClone would not drop undefined members anyway.

export function jsonClone<T>(value: T): T {
  return cloneValue(value, true) as T;
}

function cloneValue(value: unknown, topLevel: boolean): unknown {
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? (value === 0 ? 0 : value) : null;
    case 'string':
    case 'boolean':
      return value;
    case 'object':
      break;
    default:
      // undefined, functions and symbols: JSON omits them (and a bigint would throw there; keep that visible).
      if (typeof value === 'bigint') throw new TypeError('Do not know how to serialize a BigInt');
      return topLevel ? undefined : OMIT;
  }
  if (value === null) return null;
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return cloneValue(withToJson.toJSON(), topLevel);
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = cloneValue(value[i], false);
      out[i] = item === OMIT ? null : item;
    }
    return out;
  }
  if (value instanceof Number || value instanceof String || value instanceof Boolean) return cloneValue(value.valueOf(), topLevel);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = cloneValue((value as Record<string, unknown>)[key], false);
    if (item !== OMIT) out[key] = item;
  }
  return out;
}

const OMIT = Symbol('omit');
