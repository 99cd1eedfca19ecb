// Facts checked against the case's SOP, not only against the schema: a document is one the pack lists (each
// once), an offence class is one of the pack's. Closed lists keep a case's record meaningful and bounded.
import type { CompiledSop } from '../compiler/compile-sop';
import type { CaseFacts } from '../schema/case-facts';

const listed = (ids: string[]): string => (ids.length <= 12 ? ids.join(', ') : `${ids.slice(0, 12).join(', ')} … (${ids.length} in all)`);

/** The first way the facts break the SOP's closed lists, as `path: problem`, or null. */
export function factsRefusal(sop: CompiledSop, facts: CaseFacts): string | null {
  if (!sop.offenceClassIds.includes(facts.offence.class)) {
    return `facts.offence.class: "${facts.offence.class}" is not an offence class of the SOP; one of: ${listed(sop.offenceClassIds)}`;
  }
  const seen = new Set<string>();
  for (const [i, doc] of facts.challan.documents.entries()) {
    if (!sop.documentIds.includes(doc)) return `facts.challan.documents[${i}]: "${doc}" is not a document of the SOP; one of: ${listed(sop.documentIds)}`;
    if (seen.has(doc)) return `facts.challan.documents[${i}]: "${doc}" is listed twice`;
    seen.add(doc);
  }
  return null;
}
