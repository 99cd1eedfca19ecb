// Several accused in one case (see several-accused.md): which accused an event concerns, and how an event's facts
// about "the accused" reach the person it names. A case without co-accused has one implicit accused, a1, and
// behaves exactly as before: a1's runs keep the keys and escalation ids they always had.
import type { CompiledSop } from '../compiler/compile-sop';
import { mergeFacts } from '../schema/merge-facts';
import { accusedIds, factsFor, type CaseFacts } from '../schema/case-facts';
import type { CaseEventInput } from './case-state';

/** Why an event's data.accused cannot stand, or null: unknown ids, or a per-accused event naming no one. */
export function accusedRefusal(sop: CompiledSop, facts: CaseFacts, event: CaseEventInput): string | null {
  const named = event.data?.accused;
  // One accused, none named: nothing to refuse (the common case, checked on every event without building ids).
  if (named === undefined && !facts.coAccused?.length) return null;
  const ids = accusedIds(facts);
  if (named !== undefined) return ids.includes(named) ? null : `data.accused ${named} is not an accused of this case (${ids.join(', ')})`;
  const perAccused = sop.eventTypes.find((t) => t.type === event.type)?.perAccused === true;
  if (perAccused && ids.length > 1) return `${event.type} concerns one accused: name them in data.accused (one of ${ids.join(', ')})`;
  return null;
}

/** The accused an event concerns: the one it names, or (naming none) everyone. */
export function concerns(event: { data?: { accused?: string } }, accused: string): boolean {
  const named = event.data?.accused;
  return named === undefined || named === accused;
}

/**
 * The facts patch an event makes, with `accused` meaning the person it names: a co-accused's record is changed
 * in place in the list (merging replaces arrays, so the list is rebuilt with that one entry merged).
 */
export function patchFor(facts: CaseFacts, patch: Record<string, unknown>, accused: string | undefined): Record<string, unknown> {
  if (accused === undefined || accused === 'a1' || !('accused' in patch)) return patch;
  const { accused: person, ...rest } = patch;
  const list = (facts.coAccused ?? []).map((a) => (a.id === accused ? { ...(mergeFacts(a, (person ?? {}) as Record<string, unknown>) as object), id: a.id } : a));
  return { ...rest, coAccused: list };
}

/**
 * Whether a clock or gate an overlay brought in covers this accused: an overlay about the person (JJSA: a
 * juvenile) applies to the case when any accused brings it in, but its per-person duties bind only those it
 * matches. The pack's own, and any in a case with one accused, cover everyone.
 */
export function covers(sop: CompiledSop, source: string, facts: CaseFacts, accused: string | undefined): boolean {
  if (source === 'pack' || accused === undefined || accusedIds(facts).length === 1) return true;
  return sop.overlayMatches(source, factsFor(facts, accused));
}
