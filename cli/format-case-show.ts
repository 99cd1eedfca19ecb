// `sopflow case show` for people: stage, clocks with their ledgers, open escalations and why they exist, gate
// results with their objections, the timeline, and what may happen next. Times in Asia/Karachi.
import type { CaseView } from '../rules/case-engine/index';
import { formatKarachi } from './iso-instant';

/** What `case show --json` prints: the case view the workflow serves, with the case id. */
export type CaseShow = { caseId: string } & CaseView;

function formatDuration(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return `${days} d ${hours} h`;
  return hours > 0 ? `${hours} h ${minutes % 60} min` : `${minutes} min`;
}

function remaining(ms: number | null): string {
  if (ms === null) return '';
  return ms >= 0 ? `, ${formatDuration(ms)} left` : `, overdue by ${formatDuration(-ms)}`;
}

/** Comparisons of instants (a clock's dueAt) read as times, not epoch milliseconds. */
function shown(fact: string, value: unknown): string {
  return fact.endsWith('At') && typeof value === 'number' ? formatKarachi(value) : JSON.stringify(value);
}

export function formatCaseShow(view: CaseShow): string {
  const f = view.facts;
  const out: string[] = [
    `case ${view.caseId}`,
    `  FIR ${f.fir.number}/${f.fir.year}, ${f.policeStation}, ${f.district}, ${f.province}; offence: ${f.offence.class}` +
      `${f.offence.sections.length > 0 ? ` (${f.offence.sections.join(', ')})` : ''}; accused ${f.accused.inCustody ? 'in custody' : 'not in custody'}`,
    `  stage: ${view.stage.label}${view.stage.label !== view.stage.id ? ` (${view.stage.id})` : ''}`,
    `  as of ${formatKarachi(view.asOf)}; SOP ${view.sop.hash.slice(0, 19)}${view.sop.overlays.length > 0 ? `; overlays: ${view.sop.overlays.join(', ')}` : ''}`,
    '',
    'clocks:',
  ];
  if (view.clocks.length === 0) out.push('  (none)');
  for (const c of view.clocks) {
    // The ledger below says when it is due in the law's terms (end of the last day); the head says how it stands.
    out.push(`  ${c.key} — ${c.label}: ${c.status}${remaining(c.remainingMs)}`);
    for (const line of c.ledger.lines) out.push(`      ${line}`);
    if (c.calendarWarning) out.push(`      warning: ${c.calendarWarning}`);
  }

  out.push('', 'open escalations:');
  if (view.openEscalations.length === 0) out.push('  (none)');
  for (const e of view.openEscalations) {
    const sla = e.slaDueAt !== null ? `, SLA due ${formatKarachi(e.slaDueAt)}` : '';
    out.push(`  ${view.caseId}/task/${e.id}`, `      ${e.role}, level ${e.level}, ${e.status}${sla}`);
    out.push(`      why: ${e.explanation.summary} (${e.explanation.citation.law}, ${e.explanation.citation.section}${e.explanation.citation.verified ? '' : ', unverified'})`);
    for (const c of e.explanation.comparisons) out.push(`        ${c.fact} ${c.operator} ${shown(c.fact, c.value)}: was ${shown(c.fact, c.factValue)}`);
  }
  if (view.closedEscalations > 0) out.push(`  (${view.closedEscalations} closed or resolved)`);

  if (view.gates.length > 0) {
    out.push('', 'gates (latest result):');
    for (const g of view.gates) {
      out.push(`  ${g.label}: ${g.passed ? 'passed' : 'failed'} on ${formatKarachi(g.at)} (${g.citation.law}, ${g.citation.section})`);
      for (const o of g.objections) out.push(`      objection ${o.code}: ${o.message}`);
    }
  }

  out.push('', 'timeline:');
  for (const t of view.timeline) out.push(`  ${formatKarachi(t.at)}  ${t.kind.padEnd(10)} ${t.text}`);
  out.push('', `events allowed now: ${view.allowedEvents.length > 0 ? view.allowedEvents.join(', ') : '(none: the case is closed)'}`);
  return out.join('\n');
}
