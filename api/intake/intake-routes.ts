// Batch intake from a source system: up to MAX_BATCH records of its CMMS/CFMS or PMIS feed, each mapped to a
// sopflow event (api/intake/MAPPINGS.md) and applied in order within its case, with a result per record:
// applied, duplicate (a replayed record), ignored (no bearing on the case), or rejected with the reason (the
// SOP's, when the case refused it). A batch naming any case outside the caller's province is refused whole.
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CaseClientError } from '../../client/case-client-error';
import { mayAct } from '../auth/authorisation';
import { callerOf } from '../auth/authentication';
import type { Caller } from '../auth/caller';
import type { CasesPort } from '../cases/cases-port';
import { ApiProblem, problemResponses } from '../problem';
import { cmmsRecord, mapCmmsRecord } from './cmms-adapter';
import type { Mapping, MappedItem } from './intake-item';
import { mapPmisRecord, pmisRecord } from './pmis-adapter';

export const MAX_BATCH = 500;

export const intakeResult = z
  .object({
    index: z.number().int().describe('the record\u2019s position in the batch'),
    recordId: z.string(),
    caseId: z.string().optional(),
    eventId: z.string().optional(),
    result: z.enum(['applied', 'duplicate', 'ignored', 'rejected']),
    code: z.string().optional().describe('for rejected: not-found, rejected (by the SOP), duplicate-conflict, invalid, unavailable'),
    reason: z.string().optional(),
  })
  .meta({ id: 'IntakeResult' });
type IntakeResult = z.infer<typeof intakeResult>;

const intakeReply = z
  .object({
    results: z.array(intakeResult),
    counts: z.object({ applied: z.number().int(), duplicate: z.number().int(), ignored: z.number().int(), rejected: z.number().int() }),
  })
  .meta({ id: 'IntakeReply' });

interface Planned {
  /** Its row in the reply (a PMIS movement may take two). */
  slot: number;
  /** The record's position in the batch. */
  index: number;
  recordId: string;
  mapping: Mapping;
}

async function applyItem(cases: CasesPort, item: MappedItem): Promise<Omit<IntakeResult, 'index' | 'recordId'>> {
  const where = { caseId: item.caseId };
  if (item.kind === 'ignored') return { ...where, result: 'ignored', reason: item.reason };
  try {
    if (item.kind === 'open') {
      const opened = await cases.openCase({ facts: item.facts, firAt: item.firAt, acceptOld: true });
      return { ...where, result: opened.status === 'opened' ? 'applied' : 'duplicate' };
    }
    const reply = await cases.sendEvent(item.caseId, item.event);
    return { ...where, eventId: item.event.id, result: reply.status };
  } catch (err) {
    if (!(err instanceof CaseClientError)) throw err;
    const reason = err.code === 'not-found' ? 'no such case: send its FIR record first' : err.message;
    return { ...where, ...(item.kind === 'event' ? { eventId: item.event.id } : {}), result: 'rejected', code: err.code, reason };
  }
}

/** Applies a batch: every record's case checked against the caller first, then each case's records in order. */
async function runBatch(cases: CasesPort, caller: Caller, planned: Planned[]): Promise<z.infer<typeof intakeReply>> {
  planned.forEach((p) => {
    if (!p.mapping.ok) return;
    const decision = mayAct(caller, { kind: 'intake.post', case: p.mapping.item.jurisdiction });
    if (!decision.ok) {
      // Nothing is applied: a source system's batch belongs to its own province, whole.
      if (decision.status === 404) {
        throw new ApiProblem(403, 'forbidden-jurisdiction', `a source system posts its own province\u2019s records only (${caller.jurisdiction.province})`, [
          { path: `body.records.${p.index}.fir.province`, message: `must be ${caller.jurisdiction.province}` },
        ]);
      }
      throw new ApiProblem(decision.status, decision.code, decision.detail);
    }
  });
  const results: IntakeResult[] = new Array<IntakeResult>(planned.length);
  const byCase = new Map<string, Planned[]>();
  for (const p of planned) {
    if (!p.mapping.ok) {
      results[p.slot] = { index: p.index, recordId: p.recordId, result: 'rejected', code: 'invalid', reason: `${p.mapping.field}: ${p.mapping.message}` };
      continue;
    }
    const list = byCase.get(p.mapping.item.caseId) ?? [];
    list.push(p);
    byCase.set(p.mapping.item.caseId, list);
  }
  // Cases in parallel (a few at a time), each case's records in feed order: order within a case is meaning.
  const groups = [...byCase.values()];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(8, groups.length) }, async () => {
      while (next < groups.length) {
        for (const p of groups[next++]!) {
          if (!p.mapping.ok) continue;
          results[p.slot] = { index: p.index, recordId: p.recordId, ...(await applyItem(cases, p.mapping.item)) };
        }
      }
    }),
  );
  const counts = { applied: 0, duplicate: 0, ignored: 0, rejected: 0 };
  for (const r of results) counts[r.result] += 1;
  return { results, counts };
}

export const intakeRoutes: FastifyPluginCallbackZod<{ cases: CasesPort }> = (app, { cases }, done) => {
  const secured = { security: [{ bearer: [] }], tags: ['intake'] };
  const responses = { 200: intakeReply, ...problemResponses(400, 401, 403, 413, 503) };

  app.post(
    '/intake/cmms',
    {
      config: { audit: 'intake.cmms' },
      schema: {
        ...secured,
        summary: `A CMMS/CFMS feed: up to ${MAX_BATCH} case-event records, a result for each (safe to replay)`,
        body: z.object({ records: z.array(cmmsRecord).min(1).max(MAX_BATCH) }).strict(),
        response: responses,
      },
    },
    async (request) => {
      const caller = callerOf(request);
      return runBatch(cases, caller, request.body.records.map((r, index) => ({ slot: index, index, recordId: r.recordId, mapping: mapCmmsRecord(r) })));
    },
  );

  app.post(
    '/intake/pmis',
    {
      config: { audit: 'intake.pmis' },
      schema: {
        ...secured,
        summary: `A PMIS custody feed: up to ${MAX_BATCH} prison movements (admission, production, transfer, release, bail), a result for each`,
        body: z.object({ records: z.array(pmisRecord).min(1).max(MAX_BATCH) }).strict(),
        response: responses,
      },
    },
    async (request) => {
      const caller = callerOf(request);
      // One movement may be two events (an admission carrying its arrest): each gets its own result row.
      const planned: Planned[] = [];
      request.body.records.forEach((r, index) => {
        for (const mapping of mapPmisRecord(r)) planned.push({ slot: planned.length, index, recordId: r.recordId, mapping });
      });
      return runBatch(cases, caller, planned);
    },
  );
  done();
};
