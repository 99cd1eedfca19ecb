// Facts checked against the case's SOP, not only against the schema: a document is one the pack lists (each
// once), an offence class is one of the pack's. Closed lists keep a case's record meaningful and bounded.
import type { CompiledSop } from '../compiler/compile-sop';
import type { z } from 'zod';
import type { CaseFacts } from '../schema/case-facts';
import { formatPath } from '../loader/sop-error';

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

const SHOWN_KEYS = 3;
const SHOWN_KEY_CHARS = 40;

/**
 * A facts schema problem as `path` and `message`, both short whatever was sent: the path of a top-level problem
 * is `facts` (never `facts.`), and unknown keys are named briefly instead of echoed whole.
 */
export function factsIssue(error: z.ZodError): { path: string; message: string } {
  const issue = error.issues[0]!;
  const path = ['facts', formatPath(issue.path as (string | number)[])].filter(Boolean).join('.');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys;
    const shown = keys.slice(0, SHOWN_KEYS).map((k) => JSON.stringify(k.length > SHOWN_KEY_CHARS ? `${k.slice(0, SHOWN_KEY_CHARS)}…` : k));
    const more = keys.length > SHOWN_KEYS ? ` and ${keys.length - SHOWN_KEYS} more` : '';
    return { path, message: `unknown field${keys.length > 1 ? 's' : ''} ${shown.join(', ')}${more}` };
  }
  return { path, message: issue.message.length > 300 ? `${issue.message.slice(0, 300)}…` : issue.message };
}
