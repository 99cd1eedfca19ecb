// How a history case's counterfactual reads: what the proposal removes (−) and adds (+) to its breaches and
// escalations, and how its end or its refused events change.
import type { CaseDifference } from '../history/case-differences';

/** "−scrutiny-return, +defect-cure"; empty when the lists are the same. */
export function listChange(before: readonly string[], after: readonly string[]): string {
  const removed = before.filter((x) => !after.includes(x)).map((x) => `−${x}`);
  const added = after.filter((x) => !before.includes(x)).map((x) => `+${x}`);
  return [...removed, ...added].join(', ');
}

export interface DifferenceText {
  breached: string;
  escalated: string;
  stage: string;
  refused: string;
}

export function differenceText(d: CaseDifference): DifferenceText {
  const { baseline: b, proposal: p } = d;
  return {
    breached: listChange(b.breached, p.breached),
    escalated: listChange(b.escalatedTo, p.escalatedTo),
    stage: b.stage === p.stage ? '' : `${b.stage} → ${p.stage}`,
    refused: b.refused === p.refused ? '' : `${b.refused} → ${p.refused}`,
  };
}

/** One line for the console: "SYN-FSD-0342 (events.csv:17-23): breached −scrutiny-return; escalated −ddpp L2". */
export function differenceLine(d: CaseDifference): string {
  const t = differenceText(d);
  const parts = [
    t.breached && `breached ${t.breached}`,
    t.escalated && `escalated ${t.escalated}`,
    t.stage && `ends ${t.stage}`,
    t.refused && `refused events ${t.refused}`,
  ].filter((x) => x !== '');
  return `${d.caseId}${d.source ? ` (${d.source})` : ''}: ${parts.join('; ')}`;
}
