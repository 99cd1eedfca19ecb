// The case view: what `sopflow case show` and the case workflow's query present — remaining time, ledgers,
// open escalations and what may happen next, all derived from the same state.
import { describe, expect, it } from 'vitest';
import { advanceCase, applyEvent } from '../../../rules/case-engine/index';
import { caseView } from '../../../rules/case-engine/index';
import { parseLocalDateTime } from '../../../rules/scenarios/scenario-time';
import { compilePunjab, DAY, firAt, openState, theftInCustody } from './fixtures';

describe('case view', () => {
  it('warns when a deadline falls in a year the clock\'s holiday calendar does not cover', async () => {
    const sop = await compilePunjab();
    const covered = caseView(sop, await openState(sop), firAt + DAY).clocks.filter((c) => c.calendarWarning !== undefined);
    expect(covered).toEqual([]);
    // Registered on 20 December 2027: the 14-day investigation clock falls due in January 2028, which the
    // shipped calendars do not list yet.
    const lateFir = parseLocalDateTime('2027-12-20T10:00');
    const view = caseView(sop, await openState(sop, theftInCustody, lateFir), lateFir + DAY);
    const warned = view.clocks.filter((c) => c.calendarWarning !== undefined);
    expect(warned.length).toBeGreaterThan(0);
    expect(warned[0]!.calendarWarning).toMatch(/^falls due in 2028, a year the "\w+" calendar does not cover \(it lists 2026, 2027\)/);
  });

  it('shows each running clock with its remaining time, its ledger and its citation', async () => {
    const sop = await compilePunjab();
    const state = await openState(sop);
    const now = firAt + 2 * DAY;
    const view = caseView(sop, state, now);
    expect(view.stage).toEqual({ id: 'investigation', label: expect.any(String) as string });
    const interim = view.clocks.find((c) => c.clockId === 'interim-report')!;
    expect(interim.status).toBe('running');
    expect(interim.remainingMs).toBe(interim.dueAt! - now);
    expect(interim.citation.section).toMatch(/173/);
    expect(interim.ledger.summary).toMatch(/^day 2 of \d+; due /);
    expect(view.allowedEvents).toContain('INTERIM_CHALLAN_SUBMITTED');
    expect(view.openEscalations).toEqual([]);
  });

  it('an overdue clock has negative remaining time and its escalation is listed open with its explanation', async () => {
    const sop = await compilePunjab();
    const state = advanceCase(sop, await openState(sop), firAt + 19 * DAY).state;
    const view = caseView(sop, state, firAt + 19 * DAY);
    const interim = view.clocks.find((c) => c.clockId === 'interim-report')!;
    expect(interim.status).toBe('breached');
    expect(interim.remainingMs).toBeLessThan(0);
    expect(interim.ledger.summary).toMatch(/overdue/);
    expect(view.openEscalations).toHaveLength(1);
    expect(view.openEscalations[0]!.explanation.citation.section).toMatch(/173/);
  });

  it('a met clock shows no remaining time and its ledger stops at its end', async () => {
    const sop = await compilePunjab();
    const opened = await openState(sop);
    const { state } = await applyEvent(sop, opened, { id: 'i1', type: 'INTERIM_CHALLAN_SUBMITTED', at: firAt + 5 * DAY });
    const later = caseView(sop, state, firAt + 60 * DAY).clocks.find((c) => c.clockId === 'interim-report')!;
    const atEnd = caseView(sop, state, firAt + 5 * DAY).clocks.find((c) => c.clockId === 'interim-report')!;
    expect(later.status).toBe('met');
    expect(later.remainingMs).toBeNull();
    expect(later.ledger).toEqual(atEnd.ledger);
  });
});

describe('case view after facts bring an overlay in', () => {
  it('shows the runs of clocks the new overlay suspended as ended records, with the citation that replaced them', async () => {
    const murder = { ...theftInCustody, fir: { number: '318', year: 2026 }, offence: { class: 'murder', sections: ['PPC 302'], punishableWithDeath: true }, accused: { s497Exception: true } };
    const sop = await compilePunjab(murder);
    const opened = await openState(sop, murder);
    const outcome = await applyEvent(sop, opened, { id: 'arrest', type: 'ACCUSED_ARRESTED', at: firAt + 3 * DAY, facts: { accused: { inCustody: true }, offence: { terrorism: true, sections: ['ATA 7', 'PPC 302'] } } });
    expect(outcome.status).toBe('applied');
    // The SOP that now governs the case no longer has s.173's investigation clock; its run is still the case's record.
    const view = caseView(outcome.sop, outcome.state, firAt + 4 * DAY);
    const retired = view.clocks.find((c) => c.clockId === 'investigation')!;
    expect(retired).toMatchObject({ status: 'cancelled', remainingMs: null });
    expect(retired.ledger.summary).toMatch(/^cancelled: suspended by the ata-1997 overlay$/);
    expect(view.clocks.find((c) => c.clockId === 'ata-investigation-report')).toMatchObject({ status: 'running' });
  });
});
