// Writes one case's effects into the read model, in one transaction, idempotent by effect id: a retried activity,
// a replay or a second worker projects each effect once. The case row is locked first (upsert), so two workers
// projecting the same case serialise, and the second finds every effect already applied.
import { sql, type Insertable, type RawBuilder, type Transaction } from 'kysely';
import { FIR_EVENT_TYPE, type CaseEffect, type ClockEffect, type ClockStatus, type EscalationEffect } from '../rules/case-engine/index';
import type { CaseIdentity, ProjectionSop } from '../activities/projection-batch';
import { MILESTONE_EVENTS } from '../rules/kpi/kpi-catalogue';
import { clockVerdict, completedRunMs, durationBin, kpiMonth, overdueOf } from '../rules/kpi/kpi-observations';
import { caseContributions, updateCaseRollup } from './kpi-rollup';
import type { ReadModelDb } from './read-model';
import type { ReadModel } from './schema';

export const FIR_EVENT = FIR_EVENT_TYPE;

export { projectionSopOf, type CaseIdentity, type ProjectionSop } from '../activities/projection-batch';

type Trx = Transaction<ReadModel>;
const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

interface ClockRow {
  clock_key: string;
  clock_id: string;
  status: string;
  statutory_bail: boolean;
  started_at: number;
  due_at: number | null;
  warned_at: number | null;
  breached_at: number | null;
  ended_at: number | null;
  late: boolean;
  paused_since: number | null;
  tolled_ms: number;
  extensions: number;
  verdict: string | null;
  withdrawn: boolean;
  met_bin: number | null;
}

interface EscalationRow {
  escalation_id: string;
  status: string;
  role: string;
  level: number;
  sla_due_at: number | null;
  cause_kind: string;
  cause_ref: string;
  opened_at: number;
  level_since: number;
  closed_at: number | null;
  sla_missed_at_top: boolean;
}

function applyClock(row: ClockRow | undefined, e: ClockEffect, sop: ProjectionSop): ClockRow {
  const r: ClockRow =
    row && !(e.change === 'started' && row.withdrawn)
      ? { ...row }
      : {
          clock_key: e.clockKey,
          clock_id: e.clockId,
          status: e.status,
          statutory_bail: sop.statutoryBailClocks.includes(e.clockId),
          started_at: e.at,
          due_at: e.dueAt,
          warned_at: null,
          breached_at: null,
          ended_at: null,
          late: false,
          paused_since: null,
          tolled_ms: 0,
          extensions: 0,
          verdict: null,
          withdrawn: false,
          met_bin: null,
        };
  r.status = e.status;
  r.due_at = e.dueAt;
  if (e.change === 'warned') r.warned_at = e.at;
  else if (e.change === 'breached') r.breached_at ??= e.at;
  else if (e.change === 'met' || e.change === 'cancelled') {
    r.ended_at = e.at;
    r.late = e.late === true;
  } else if (e.change === 'paused') r.paused_since = e.at;
  else if (e.change === 'resumed' && r.paused_since !== null) {
    r.tolled_ms += e.at - r.paused_since;
    r.paused_since = null;
  } else if (e.change === 'extended') r.extensions++;
  else if (e.change === 'withdrawn') r.withdrawn = true;
  if (e.run) {
    // A re-computation re-derived the run's past (a back-dated event): take it as it now stands, undoing a
    // breach, an end or a pause the refold no longer has.
    r.started_at = e.run.startedAt;
    r.warned_at = e.run.warnedAt;
    r.breached_at = e.run.breachedAt;
    r.ended_at = e.run.endedAt;
    r.paused_since = e.run.pausedSince;
    r.tolled_ms = e.run.tolledMs;
    r.extensions = e.run.extensions;
    r.late = e.late === true;
    r.withdrawn = false;
  }
  r.verdict = r.withdrawn ? null : clockVerdict({ status: e.status, late: r.late, breachedAt: r.breached_at });
  const ran = completedRunMs({ status: r.status as ClockStatus, startedAt: r.started_at, endedAt: r.ended_at });
  r.met_bin = ran === null ? null : durationBin(ran);
  return r;
}

function applyEscalation(row: EscalationRow | undefined, e: EscalationEffect): EscalationRow {
  // A withdrawn escalation raised again by a later re-computation is a new task: it starts afresh.
  const r: EscalationRow =
    row && !(e.change === 'opened' && row.status === 'withdrawn')
      ? { ...row }
      : {
          escalation_id: e.escalationId,
          status: e.status,
          role: e.role,
          level: e.level,
          sla_due_at: e.slaDueAt,
          cause_kind: e.cause.kind,
          cause_ref: e.cause.kind === 'clock-breach' ? e.cause.clockId : e.cause.gateId,
          opened_at: e.at,
          level_since: e.at,
          closed_at: null,
          sla_missed_at_top: false,
        };
  r.status = e.status;
  r.role = e.role;
  if (e.level !== r.level) r.level_since = e.at;
  r.level = e.level;
  r.sla_due_at = e.slaDueAt;
  if (e.change === 'sla-missed-at-top') r.sla_missed_at_top = true;
  if (e.change === 'resolved' || e.change === 'closed' || e.change === 'withdrawn') r.closed_at = e.at;
  // Re-opened by a re-computation (a back-dated event undid its cure): it is live again, not closed.
  else if (e.status === 'open' || e.status === 'acknowledged') r.closed_at = null;
  if (e.change === 'withdrawn') r.status = 'withdrawn';
  return r;
}

/** Projects one batch; returns how many effects were new (0 for a replayed batch). */
export async function projectEffects(db: ReadModelDb, identity: CaseIdentity, sop: ProjectionSop, effects: readonly CaseEffect[]): Promise<number> {
  if (effects.length === 0) return 0;
  return db.transaction().execute((trx) => projectInTransaction(trx, identity, sop, effects));
}

async function projectInTransaction(trx: Trx, identity: CaseIdentity, sop: ProjectionSop, effects: readonly CaseEffect[]): Promise<number> {
  const caseId = identity.caseId;
  const fir = effects.find((e) => e.type === 'event-applied' && e.eventType === FIR_EVENT);
  const batchStart = fir?.at ?? Math.min(...effects.map((e) => e.at));
  const batchEnd = Math.max(...effects.map((e) => e.at));
  const dims = {
    province: identity.province,
    district: identity.district,
    police_station: identity.policeStation,
    offence_class: identity.offenceClass,
    prosecutor_office: identity.prosecutorOffice ?? null,
    fir_month: kpiMonth(batchStart),
  };
  // The upsert takes the case's row lock: a second worker waits here, then finds the effects applied.
  const existing = await trx.selectFrom('cases').selectAll().where('case_id', '=', caseId).forUpdate().executeTakeFirst();
  let created = false;
  if (!existing) {
    const inserted = await trx
      .insertInto('cases')
      .values({ case_id: caseId, ...dims, sop_hash: identity.sopHash, sop_version: identity.sopVersion, opened_at: fir ? fir.at : null, stage: sop.initialStage, closed: false, updated_at: batchEnd })
      .onConflict((oc) => oc.column('case_id').doNothing())
      .returning('case_id')
      .execute();
    created = inserted.length > 0;
  }
  const kase = (await trx.selectFrom('cases').selectAll().where('case_id', '=', caseId).forUpdate().executeTakeFirstOrThrow());
  const caseDims = {
    province: kase.province,
    district: kase.district,
    police_station: kase.police_station,
    offence_class: kase.offence_class,
    prosecutor_office: kase.prosecutor_office,
    fir_month: kase.fir_month,
  };

  const inserted = await trx
    .insertInto('applied_effects')
    .values(effects.map((e) => ({ case_id: caseId, effect_id: e.id })))
    .onConflict((oc) => oc.columns(['case_id', 'effect_id']).doNothing())
    .returning('effect_id')
    .execute();
  const fresh = new Set(inserted.map((r) => r.effect_id));
  const todo = effects.filter((e) => fresh.has(e.id));
  // Duplicates inside one batch: keep the first.
  const seen = new Set<string>();
  const batch = todo.filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)));
  if (batch.length === 0) return 0;
  // What the case counted in the KPI rollup before this batch (nothing, if this call created it).
  const rolledUp = created ? [] : await caseContributions(trx, caseId);

  let openedAt = num(kase.opened_at);
  let stage = kase.stage;
  let courtAt = num(kase.court_at);
  let judgmentAt = num(kase.judgment_at);

  const clockKeys = [...new Set(batch.flatMap((e) => (e.type === 'clock' ? [e.clockKey] : [])))];
  const clocks = new Map<string, ClockRow>();
  if (clockKeys.length) {
    const rows = await trx.selectFrom('clock_runs').selectAll().where('case_id', '=', caseId).where('clock_key', 'in', clockKeys).execute();
    for (const r of rows)
      clocks.set(r.clock_key, {
        ...r,
        started_at: Number(r.started_at),
        due_at: num(r.due_at),
        warned_at: num(r.warned_at),
        breached_at: num(r.breached_at),
        ended_at: num(r.ended_at),
        paused_since: num(r.paused_since),
        tolled_ms: Number(r.tolled_ms),
        met_bin: r.met_bin,
      });
  }
  const escalationIds = [...new Set(batch.flatMap((e) => (e.type === 'escalation' ? [e.escalationId] : [])))];
  const escalations = new Map<string, EscalationRow>();
  if (escalationIds.length) {
    const rows = await trx.selectFrom('escalations').selectAll().where('case_id', '=', caseId).where('escalation_id', 'in', escalationIds).execute();
    for (const r of rows)
      escalations.set(r.escalation_id, { ...r, sla_due_at: num(r.sla_due_at), opened_at: Number(r.opened_at), level_since: Number(r.level_since), closed_at: num(r.closed_at) });
  }
  const touchedClocks = new Set<string>();
  const touchedEscalations = new Set<string>();
  const withdrawnEscalations: string[] = [];
  const events: Insertable<ReadModel['event_records']>[] = [];
  const steps: Insertable<ReadModel['escalation_steps']>[] = [];
  const gates: Insertable<ReadModel['gate_results']>[] = [];
  const stages: { stage: string; at: number }[] = [];

  for (const e of batch) {
    switch (e.type) {
      case 'event-applied':
        events.push({ case_id: caseId, event_id: e.eventId, ...caseDims, event_type: e.eventType, at: e.at, stage_after: e.stageAfter, back_dated: e.backDated });
        if (e.eventType === FIR_EVENT) openedAt ??= e.at;
        else if (e.eventType === MILESTONE_EVENTS.filedInCourt) courtAt = courtAt === null ? e.at : Math.min(courtAt, e.at);
        else if (e.eventType === MILESTONE_EVENTS.judgment) judgmentAt = judgmentAt === null ? e.at : Math.min(judgmentAt, e.at);
        stage = e.stageAfter;
        break;
      case 'stage-entered':
        // The stage a case opens in is its first stay (opened below with the case), not a move.
        if (e.from !== null) stages.push({ stage: e.to, at: e.at });
        stage = e.to;
        break;
      case 'clock':
        clocks.set(e.clockKey, applyClock(clocks.get(e.clockKey), e, sop));
        touchedClocks.add(e.clockKey);
        break;
      case 'escalation': {
        const held = escalations.get(e.escalationId);
        const overdue = overdueOf(e.change, held, e);
        escalations.set(e.escalationId, applyEscalation(held, e));
        touchedEscalations.add(e.escalationId);
        if (e.change === 'withdrawn') withdrawnEscalations.push(e.escalationId);
        else
          steps.push({
            case_id: caseId,
            effect_id: e.id,
            escalation_id: e.escalationId,
            ...caseDims,
            change: e.change,
            role: e.role,
            level: e.level,
            at: e.at,
            month: kpiMonth(e.at),
            overdue_role: overdue?.role ?? null,
            overdue_level: overdue?.level ?? null,
          });
        break;
      }
      case 'gate-evaluated':
        gates.push({ case_id: caseId, gate_id: e.gateId, event_id: e.eventId, ...caseDims, at: e.at, passed: e.passed, objections: e.objections.length });
        break;
      case 'sop-migrated':
        await trx.updateTable('cases').set({ sop_hash: e.toSopHash }).where('case_id', '=', caseId).execute();
        break;
    }
  }

  if (events.length) await trx.insertInto('event_records').values(events).onConflict((oc) => oc.columns(['case_id', 'event_id']).doNothing()).execute();
  if (gates.length) await trx.insertInto('gate_results').values(gates).onConflict((oc) => oc.columns(['case_id', 'gate_id', 'event_id']).doNothing()).execute();
  if (steps.length) await trx.insertInto('escalation_steps').values(steps).onConflict((oc) => oc.columns(['case_id', 'effect_id']).doNothing()).execute();
  // An escalation a re-computation removed no longer loads anyone: its landings leave the KPI.
  if (withdrawnEscalations.length) await trx.deleteFrom('escalation_steps').where('case_id', '=', caseId).where('escalation_id', 'in', withdrawnEscalations).execute();

  if (touchedClocks.size) {
    const rows = [...touchedClocks].map((k) => ({ case_id: caseId, ...caseDims, ...clocks.get(k)! }));
    await trx
      .insertInto('clock_runs')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['case_id', 'clock_key']).doUpdateSet((eb) => ({
          status: eb.ref('excluded.status'),
          started_at: eb.ref('excluded.started_at'),
          due_at: eb.ref('excluded.due_at'),
          warned_at: eb.ref('excluded.warned_at'),
          breached_at: eb.ref('excluded.breached_at'),
          ended_at: eb.ref('excluded.ended_at'),
          late: eb.ref('excluded.late'),
          paused_since: eb.ref('excluded.paused_since'),
          tolled_ms: eb.ref('excluded.tolled_ms'),
          extensions: eb.ref('excluded.extensions'),
          verdict: eb.ref('excluded.verdict'),
          withdrawn: eb.ref('excluded.withdrawn'),
          met_bin: eb.ref('excluded.met_bin'),
        })),
      )
      .execute();
  }
  if (touchedEscalations.size) {
    const rows = [...touchedEscalations].map((id) => ({ case_id: caseId, ...caseDims, ...escalations.get(id)! }));
    await trx
      .insertInto('escalations')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['case_id', 'escalation_id']).doUpdateSet((eb) => ({
          status: eb.ref('excluded.status'),
          role: eb.ref('excluded.role'),
          level: eb.ref('excluded.level'),
          sla_due_at: eb.ref('excluded.sla_due_at'),
          level_since: eb.ref('excluded.level_since'),
          closed_at: eb.ref('excluded.closed_at'),
          sla_missed_at_top: eb.ref('excluded.sla_missed_at_top'),
        })),
      )
      .execute();
  }

  // Stage stays: the first opens with the case at its FIR; each stage entered closes the stay before it.
  if (!existing) {
    await trx
      .insertInto('stage_stays')
      .values({ case_id: caseId, ...caseDims, stage: sop.initialStage, entered_at: openedAt ?? batchStart, left_at: null, duration_bin: null })
      .onConflict((oc) => oc.columns(['case_id', 'entered_at', 'stage']).doNothing())
      .execute();
  }
  if (stages.length) {
    stages.sort((a, b) => a.at - b.at);
    const open = await trx.selectFrom('stage_stays').select(['stage', 'entered_at']).where('case_id', '=', caseId).where('left_at', 'is', null).executeTakeFirst();
    let current = open ? { stage: open.stage, at: Number(open.entered_at) } : null;
    for (const s of stages) {
      if (current) {
        await trx
          .updateTable('stage_stays')
          .set({ left_at: s.at, duration_bin: durationBin(s.at - current.at) })
          .where('case_id', '=', caseId)
          .where('stage', '=', current.stage)
          .where('entered_at', '=', current.at)
          .execute();
      }
      await trx
        .insertInto('stage_stays')
        .values({ case_id: caseId, ...caseDims, stage: s.stage, entered_at: s.at, left_at: null, duration_bin: null })
        .onConflict((oc) => oc.columns(['case_id', 'entered_at', 'stage']).doNothing())
        .execute();
      current = s;
    }
  }

  // The case's tallies, re-counted from its rows whenever this batch touched them (exact, and idempotent).
  const tallies: { scrutinies?: RawBuilder<number>; returned_scrutinies?: RawBuilder<number>; bail_applied?: RawBuilder<boolean>; bail_breached?: RawBuilder<boolean> } = {};
  if (events.some((e) => e.event_type === MILESTONE_EVENTS.scrutiny) || gates.length) {
    tallies.scrutinies = sql<number>`(SELECT count(*)::int FROM event_records WHERE case_id = ${caseId} AND event_type = ${MILESTONE_EVENTS.scrutiny})`;
    tallies.returned_scrutinies = sql<number>`(SELECT count(*)::int FROM event_records e WHERE e.case_id = ${caseId} AND e.event_type = ${MILESTONE_EVENTS.scrutiny}
      AND EXISTS (SELECT 1 FROM gate_results g WHERE g.case_id = e.case_id AND g.event_id = e.event_id AND NOT g.passed))`;
  }
  if (touchedClocks.size) {
    tallies.bail_applied = sql<boolean>`EXISTS (SELECT 1 FROM clock_runs WHERE case_id = ${caseId} AND statutory_bail AND NOT withdrawn)`;
    tallies.bail_breached = sql<boolean>`EXISTS (SELECT 1 FROM clock_runs WHERE case_id = ${caseId} AND statutory_bail AND NOT withdrawn AND breached_at IS NOT NULL)`;
  }
  await trx
    .updateTable('cases')
    .set({
      ...tallies,
      opened_at: openedAt,
      stage,
      closed: stage !== null && sop.finalStages.includes(stage),
      court_at: courtAt,
      court_bin: courtAt !== null && openedAt !== null ? durationBin(courtAt - openedAt) : null,
      judgment_at: judgmentAt,
      judgment_bin: judgmentAt !== null && openedAt !== null ? durationBin(judgmentAt - openedAt) : null,
      updated_at: Math.max(Number(kase.updated_at), batchEnd),
    })
    .where('case_id', '=', caseId)
    .execute();
  await updateCaseRollup(trx, caseId, rolledUp);
  return batch.length;
}
