// How an event's facts patch a case's facts: objects merge deeply, anything else (arrays included) replaces.
// One implementation, shared by the case engine and the history import, so a replay checks what it will see.
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function mergeFacts(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = isObject(v) && isObject(base[k]) ? mergeFacts(base[k], v) : v;
  return out;
}
