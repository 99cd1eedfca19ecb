// The CasesPort on the real engine: every call goes through client/ (open, view, events, migration) and the
// listing through Temporal visibility's search attributes. New cases open under the province's SOP in force
// (the latest adopted pack of the catalogue).
import type { Client } from '@temporalio/client';
import { CaseClientError, invalid } from '../../client/case-client-error';
import { sendCaseEvent } from '../../client/case-events';
import { listCaseRows } from '../../client/case-list';
import { caseView } from '../../client/case-view';
import { applyCaseMigration, previewCaseMigration } from '../../client/migrate-case';
import { checkedOpening, openCaseWorkflow } from '../../client/open-case';
import type { CaseView, MigrationPreview } from '../../rules/case-engine/index';
import { provinceId, type ProvinceId } from '../../rules/schema/common';
import type { Jurisdiction } from '../auth/caller';
import type { CataloguedPack, SopCatalogue } from '../sop-packs/sop-catalogue';
import type { CaseDetail, CasesPort, CaseSummary, MigrationPreviewView } from './cases-port';

const iso = (ms: number): string => new Date(ms).toISOString();

/** The pack in force: the latest adopted (non-proposal) version. */
export function packInForce(catalogue: SopCatalogue, province: ProvinceId): CataloguedPack {
  const adopted = catalogue.list(province).filter((p) => !p.proposal);
  const pack = adopted[adopted.length - 1];
  if (!pack) throw invalid('facts.province', `no SOP pack is in force for ${province}`);
  return pack;
}

export function detailOf(caseId: string, view: CaseView): CaseDetail {
  const { province, district, policeStation } = view.facts;
  return {
    caseId,
    jurisdiction: { province, district, policeStation },
    offenceClass: view.facts.offence.class,
    stage: view.stage,
    sop: { province: view.sop.province, version: view.sop.version },
    overdueClocks: view.clocks.filter((c) => c.status === 'breached').length,
    asOf: iso(view.asOf),
    clocks: view.clocks.map((c) => ({
      key: c.key,
      clockId: c.clockId,
      label: c.label,
      ...(c.labelUr !== undefined ? { labelUr: c.labelUr } : {}),
      citation: citationView(c.citation),
      status: c.status,
      startedAt: iso(c.startedAt),
      dueAt: c.dueAt === null ? null : iso(c.dueAt),
      remainingMs: c.remainingMs,
      ledger: { summary: c.ledger.summary, lines: c.ledger.lines },
      grounds: c.grounds,
      pauses: c.pauses.map((p) => ({ from: iso(p.from), to: p.to === undefined ? null : iso(p.to), ground: p.ground ?? null, reason: p.reason })),
      extensions: c.extensions.map((x) => ({ amount: x.amount, grantedBy: x.grantedBy, grantedAt: iso(x.grantedAt) })),
      endedAt: c.endedAt === undefined ? null : iso(c.endedAt),
      late: c.late ?? false,
      calendarWarning: c.calendarWarning ?? null,
    })),
    openTasks: view.openEscalations.map((e) => ({
      taskId: `${caseId}/task/${e.id}`,
      role: e.role,
      level: e.level,
      status: e.status,
      slaDueAt: e.slaDueAt === null ? null : iso(e.slaDueAt),
      cause: e.cause.kind === 'clock-breach' ? { kind: 'clock-breach' as const, id: e.cause.clockId } : { kind: 'gate-failures' as const, id: e.cause.gateId },
      explanation: {
        rule: e.explanation.rule,
        summary: e.explanation.summary,
        citation: citationView(e.explanation.citation),
        sopHash: e.explanation.sopHash,
        comparisons: e.explanation.comparisons.map((c) => ({
          fact: c.fact,
          operator: c.operator,
          value: JSON.stringify(c.value) ?? 'null',
          factValue: c.factValue === undefined ? null : (JSON.stringify(c.factValue) ?? null),
          result: c.result ?? null,
        })),
        factValuesWithheld: false,
      },
    })),
    sopHash: view.sop.hash,
    gates: view.gates.map((g) => ({
      gateId: g.gateId,
      label: g.label,
      ...(g.labelUr !== undefined ? { labelUr: g.labelUr } : {}),
      citation: citationView(g.citation),
      sopHash: g.sopHash,
      at: iso(g.at),
      passed: g.passed,
      objections: g.objections.map((o) => ({ rule: o.rule, code: o.code, message: o.message })),
    })),
    timeline: view.timeline.map((t) => ({ at: iso(t.at), kind: t.kind, text: t.text })),
    allowedEvents: view.allowedEvents,
  };
}


/** A citation as the API shows it: law, section and whether the research verified it (any note stays inside). */
const citationView = (c: { law: string; section: string; verified: boolean }): { law: string; section: string; verified: boolean } => ({ law: c.law, section: c.section, verified: c.verified });

function summaryOf(detail: CaseDetail): CaseSummary {
  const { caseId, jurisdiction, offenceClass, stage, sop, overdueClocks } = detail;
  return { caseId, jurisdiction, offenceClass, stage, sop, overdueClocks };
}

function previewView(p: MigrationPreview): MigrationPreviewView {
  const run = (r: { status: string; dueAt: number | null } | null): { status: string; dueAt: string | null } | null => (r ? { status: r.status, dueAt: r.dueAt === null ? null : iso(r.dueAt) } : null);
  return { ...p, clocks: p.clocks.map((c) => ({ clockId: c.clockId, before: run(c.before), after: run(c.after) })) };
}

/** Runs `task` over `items` with at most `width` at once, keeping their order. */
async function mapBounded<T, R>(items: T[], width: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const at = next++;
        out[at] = await task(items[at]!);
      }
    }),
  );
  return out;
}

export interface TemporalCasesPortOptions {
  client: Client;
  taskQueue: string;
  catalogue: SopCatalogue;
  now?: () => number;
}

export function temporalCasesPort({ client, taskQueue, catalogue, now }: TemporalCasesPortOptions): CasesPort {
  const viewCase = async (caseId: string): Promise<CaseDetail | undefined> => {
    try {
      return detailOf(caseId, await caseView(client, caseId));
    } catch (err) {
      if (err instanceof CaseClientError && err.code === 'not-found') return undefined;
      throw err;
    }
  };
  const packFor = (facts: Record<string, unknown>): CataloguedPack => {
    const province = provinceId.safeParse(facts.province);
    if (!province.success) throw invalid('facts.province', `must be one of: ${provinceId.options.join(', ')}`);
    return packInForce(catalogue, province.data);
  };
  const migrationPack = async (caseId: string, version: string): Promise<CataloguedPack> => {
    const province = /^case\/([a-z-]+)\//.exec(caseId)?.[1];
    const parsed = provinceId.safeParse(province);
    const pack = parsed.success ? catalogue.get(parsed.data, version) : undefined;
    // A draft is not law: only an adopted version of the case's own province may be migrated to.
    if (!pack || pack.proposal) throw invalid('version', `is not an adopted SOP version of the case\u2019s province`);
    return Promise.resolve(pack);
  };

  return {
    findCase: async (caseId) => {
      const detail = await viewCase(caseId);
      return detail && summaryOf(detail);
    },
    viewCase,
    listCases: async (scope: Jurisdiction, filter) => {
      const rows = await listCaseRows(
        client,
        {
          province: scope.province,
          ...(scope.district ? { district: scope.district } : {}),
          ...(scope.policeStation ? { policeStation: scope.policeStation } : {}),
          ...(filter.stage ? { stage: filter.stage } : {}),
          ...(filter.offenceClass ? { offenceClass: filter.offenceClass } : {}),
        },
        // The overdue filter is applied to views, so read more rows than asked when it is set.
        filter.overdue === undefined ? filter.limit : Math.min(filter.limit * 4, 1000),
      );
      // Visibility has no overdue attribute: each listed case's view gives its clocks (a query, not an update).
      const details = await mapBounded(rows, 8, (r) => viewCase(r.caseId));
      return details
        .filter((d): d is CaseDetail => d !== undefined)
        .map(summaryOf)
        .filter((s) => filter.overdue === undefined || s.overdueClocks > 0 === filter.overdue)
        .slice(0, filter.limit);
    },
    planOpening: (body) => {
      const pack = packFor(body.facts);
      const { caseId, facts } = checkedOpening({ bundle: pack.bundle, facts: body.facts as never, firAt: body.firAt, ...(body.acceptOld ? { acceptOld: true } : {}), ...(now ? { now: now() } : {}) });
      return { caseId, jurisdiction: { province: facts.province, district: facts.district, policeStation: facts.policeStation }, sop: { province: pack.province, version: pack.version } };
    },
    openCase: async (body) => {
      const pack = packFor(body.facts);
      const opened = await openCaseWorkflow(client, {
        bundle: pack.bundle,
        facts: body.facts as never,
        firAt: body.firAt,
        taskQueue,
        ...(body.parties ? { parties: body.parties } : {}),
        notifications: catalogue.holidayNotices(pack.province),
        ...(body.acceptOld ? { acceptOld: true } : {}),
        ...(now ? { now: now() } : {}),
      });
      return { caseId: opened.caseId, status: opened.status };
    },
    sendEvent: async (caseId, event) => {
      const reply = await sendCaseEvent(client, caseId, event);
      return { eventId: reply.request.id, status: reply.status, stage: reply.stage };
    },
    previewMigration: async (caseId, version) => previewView(await previewCaseMigration(client, caseId, (await migrationPack(caseId, version)).bundle)),
    applyMigration: async (caseId, version, decision) => previewView(await applyCaseMigration(client, caseId, (await migrationPack(caseId, version)).bundle, decision)),
  };
}
