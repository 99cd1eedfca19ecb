// Synthetic, deterministic effect batches for the read model's benchmark and tests: jurisdiction, offence,
// clocks, escalations, scrutinies and milestones drawn from the case index, no personal data. Not a model of
// reality (the simulator is): just enough of every effect kind to exercise the projection and its queries.
import type { CaseEffect } from '../rules/case-engine/index';
import type { CaseIdentity, ProjectionSop } from './project-effects';

const DAY = 86_400_000;
const T0 = Date.parse('2025-01-01T00:00:00+05:00');
export const SYNTHETIC_PROVINCES = ['punjab', 'sindh', 'khyber-pakhtunkhwa', 'balochistan'];
export const SYNTHETIC_OFFENCES = ['theft', 'robbery', 'murder', 'narcotics', 'fraud', 'hurt'];
export const SYNTHETIC_ROLES = ['sho', 'ddpp', 'dpp', 'prosecutor-general'];

export const SYNTHETIC_SOP: ProjectionSop = { initialStage: 'investigation', finalStages: ['judgment'], statutoryBailClocks: ['statutory-bail-1y'] };

/** A small deterministic hash of (case, salt) in [0, 1). */
function u(i: number, salt: number): number {
  let x = (i * 2654435761 + salt * 40503) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
  return ((x ^ (x >>> 16)) >>> 0) / 4294967296;
}

export function syntheticIdentity(i: number): CaseIdentity {
  const province = SYNTHETIC_PROVINCES[Math.floor(u(i, 1) * 4)]!;
  const district = `${province}-d${Math.floor(u(i, 2) * 10)}`;
  return {
    caseId: `case-${String(i).padStart(8, '0')}`,
    province,
    district,
    policeStation: `${district}-ps${Math.floor(u(i, 3) * 8)}`,
    offenceClass: SYNTHETIC_OFFENCES[Math.floor(u(i, 4) * SYNTHETIC_OFFENCES.length)]!,
    sopHash: 'synthetic',
    sopVersion: 'synthetic-1',
    prosecutorOffice: `${district}-dpp`,
  };
}

/** One case's life as successive batches (FIR; scrutiny; court; judgment), about a dozen effects in all. */
export function syntheticBatches(i: number): CaseEffect[][] {
  const fir = T0 + Math.floor(u(i, 5) * 540) * DAY + Math.floor(u(i, 6) * DAY);
  const due = fir + 14 * DAY;
  const breached = u(i, 7) < 0.3;
  const custody = u(i, 8) < 0.4;
  const k = 'investigation#0';
  const first: CaseEffect[] = [
    { type: 'event-applied', id: 'event:fir', eventId: 'fir', eventType: 'FIR_REGISTERED', at: fir, stageAfter: 'investigation', backDated: false },
    { type: 'clock', id: `clock:${k}:started:${fir}`, change: 'started', clockKey: k, clockId: 'investigation', at: fir, status: 'running', dueAt: due },
  ];
  if (custody) first.push({ type: 'clock', id: `clock:bail#0:started:${fir}`, change: 'started', clockKey: 'bail#0', clockId: 'statutory-bail-1y', at: fir, status: 'running', dueAt: fir + 365 * DAY });
  const challanAt = fir + Math.floor((breached ? 15 + u(i, 9) * 60 : 3 + u(i, 9) * 10) * DAY);
  const second: CaseEffect[] = [];
  const role = SYNTHETIC_ROLES[Math.floor(u(i, 10) * 2)]!;
  if (breached) {
    second.push({ type: 'clock', id: `clock:${k}:breached:${due}`, change: 'breached', clockKey: k, clockId: 'investigation', at: due, status: 'breached', dueAt: due });
    second.push({
      type: 'escalation',
      id: `escalation:e1:opened:1:${due}`,
      change: 'opened',
      escalationId: 'e1',
      at: due,
      status: 'open',
      role,
      level: 1,
      slaDueAt: due + Math.floor(1 + u(i, 11) * 10) * DAY,
      cause: { kind: 'clock-breach', clockKey: k, clockId: 'investigation' },
    });
  }
  const returned = u(i, 12) < 0.25;
  second.push(
    { type: 'clock', id: `clock:${k}:met:${challanAt}`, change: 'met', clockKey: k, clockId: 'investigation', at: challanAt, status: 'met', dueAt: due, ...(breached ? { late: true } : {}) },
    { type: 'stage-entered', id: `stage:scrutiny:${challanAt}`, at: challanAt, from: 'investigation', to: 'scrutiny' },
    { type: 'event-applied', id: 'event:scr1', eventId: 'scr1', eventType: 'SCRUTINY_COMPLETED', at: challanAt + DAY, stageAfter: returned ? 'investigation' : 'trial', backDated: false },
    { type: 'gate-evaluated', id: 'gate:challan-complete:scr1', gateId: 'challan-complete', eventId: 'scr1', at: challanAt + DAY, passed: !returned, objections: returned ? ['missing-document'] : [] },
  );
  if (returned) second.push({ type: 'stage-entered', id: `stage:investigation:${challanAt + DAY}`, at: challanAt + DAY, from: 'scrutiny', to: 'investigation' });
  else second.push({ type: 'stage-entered', id: `stage:trial:${challanAt + DAY}`, at: challanAt + DAY, from: 'scrutiny', to: 'trial' });
  const batches = [first, second];
  if (!returned && u(i, 13) < 0.7) {
    const court = challanAt + Math.floor((2 + u(i, 14) * 30) * DAY);
    const third: CaseEffect[] = [{ type: 'event-applied', id: 'event:court', eventId: 'court', eventType: 'CHALLAN_FILED_IN_COURT', at: court, stageAfter: 'trial', backDated: false }];
    if (custody) third.push({ type: 'clock', id: `clock:bail#0:cancelled:${court}`, change: 'cancelled', clockKey: 'bail#0', clockId: 'statutory-bail-1y', at: court, status: 'cancelled', dueAt: fir + 365 * DAY });
    if (breached && u(i, 15) < 0.5) {
      third.push({ type: 'escalation', id: `escalation:e1:resolved:1:${court}`, change: 'resolved', escalationId: 'e1', at: court, status: 'resolved', role, level: 1, slaDueAt: null, cause: { kind: 'clock-breach', clockKey: k, clockId: 'investigation' } });
    }
    if (u(i, 16) < 0.5) {
      const judgment = court + Math.floor((60 + u(i, 17) * 500) * DAY);
      third.push(
        { type: 'event-applied', id: 'event:judgment', eventId: 'judgment', eventType: 'JUDGMENT_DELIVERED', at: judgment, stageAfter: 'judgment', backDated: false },
        { type: 'stage-entered', id: `stage:judgment:${judgment}`, at: judgment, from: 'trial', to: 'judgment' },
      );
    }
    batches.push(third);
  }
  return batches;
}
