// SOP pack routes: the versions of a province's SOP, one version's contents, the semantic diff of two versions,
// and a version's stage graph. Drafts (proposals) exist only for the SOP staff of their province.
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { diffSop } from '../../rules/explain/sop-diff';
import { stageGraphDot, stageGraphMermaid } from '../../rules/explain/stage-graph';
import { citation, provinceId, type ProvinceId } from '../../rules/schema/common';
import { mayAct } from '../auth/authorisation';
import { callerOf } from '../auth/authentication';
import type { Caller } from '../auth/caller';
import { ApiProblem, problemResponses } from '../problem';
import type { CataloguedPack, SopCatalogue } from './sop-catalogue';

const version = z.string().regex(/^\d{4}\.\d+$/, 'must be a version such as 2026.1');

const duration = z.object({ amount: z.number(), unit: z.string() });

const packHeader = z
  .object({
    province: provinceId,
    version,
    title: z.string(),
    effectiveFrom: z.string(),
    supersedes: z.string().nullable(),
    status: z.enum(['adopted', 'proposal']),
    hash: z.string(),
  })
  .meta({ id: 'SopPackHeader' });

const packDetail = packHeader
  .extend({
    overlays: z.array(z.object({ id: z.string(), title: z.string(), law: z.string() })),
    offenceClasses: z.array(z.object({ id: z.string(), label: z.string() })),
    roles: z.array(z.object({ id: z.string(), title: z.string(), service: z.string() })),
    stages: z.array(z.object({ id: z.string(), label: z.string(), kind: z.string() })),
    events: z.array(z.object({ type: z.string(), label: z.string() })),
    clocks: z.array(z.object({ id: z.string(), label: z.string(), duration: duration, citation })),
    gates: z.array(z.object({ id: z.string(), label: z.string(), citation, at: z.object({ stage: z.string(), event: z.string() }), objections: z.array(z.object({ code: z.string(), message: z.string() })) })),
    ladders: z.array(
      z.object({ id: z.string(), label: z.string(), calendar: z.string().optional(), levels: z.array(z.object({ role: z.string(), sla: duration })), citation: citation.optional() }),
    ),
    // The working calendars the clocks and ladders count in, with each year's notified holidays and the notices
    // they come from (an author checks these against the gazette).
    calendars: z.array(
      z.object({
        id: z.string(),
        kind: z.string(),
        label: z.string(),
        closedWeekdays: z.array(z.string()),
        holidays: z.array(z.object({ year: z.string(), date: z.string(), name: z.string(), status: z.string() })),
        notifications: z.array(z.object({ year: z.string(), issuedBy: z.string(), title: z.string(), reference: z.string().optional(), status: z.string(), verified: z.boolean() })),
      }),
    ),
  })
  .meta({ id: 'SopPack' });

const fieldChange = z.object({ path: z.string(), before: z.unknown(), after: z.unknown() });
const itemDiff = z.object({ id: z.string(), change: z.enum(['added', 'removed', 'changed']), fields: z.array(fieldChange) });
const sopDiff = z
  .object({
    from: z.object({ province: z.string(), version: z.string() }),
    to: z.object({ province: z.string(), version: z.string() }),
    header: z.array(fieldChange),
    sections: z.record(z.enum(['clocks', 'gates', 'ladders', 'calendars', 'stages', 'events', 'roles', 'overlays']), z.array(itemDiff)),
  })
  .meta({ id: 'SopDiff' });

const provinceParams = z.object({ province: provinceId });
const packParams = z.object({ province: provinceId, version });
const secured = { security: [{ bearer: [] }], tags: ['sop-packs'] };

function header(p: CataloguedPack): z.infer<typeof packHeader> {
  const { province, version: v, title, effectiveFrom, supersedes } = p.bundle.pack;
  return { province, version: v, title, effectiveFrom, supersedes, status: p.proposal ? 'proposal' : 'adopted', hash: p.hash };
}

const visible = (caller: Caller, p: CataloguedPack): boolean => mayAct(caller, { kind: 'sop.read', province: p.province, proposal: p.proposal }).ok;

export const sopPackRoutes: FastifyPluginCallbackZod<{ catalogue: SopCatalogue }> = (app, { catalogue }, done) => {
  /** The pack, if the caller may see it: an unseen draft is as absent as a version that does not exist. */
  const packFor = (caller: Caller, province: ProvinceId, v: string, field: string): CataloguedPack => {
    const decision = mayAct(caller, { kind: 'sop.read', province, proposal: false });
    if (!decision.ok) throw new ApiProblem(decision.status, decision.code, decision.detail);
    const p = catalogue.get(province, v);
    if (!p || !visible(caller, p)) {
      const known = catalogue.list(province).filter((x) => visible(caller, x)).map((x) => x.version);
      throw new ApiProblem(404, 'sop-version-not-found', `${province} has no SOP version ${v}`, [{ path: field, message: `must be one of: ${known.join(', ') || '(none)'}` }]);
    }
    return p;
  };

  app.get(
    '/sop-packs/:province',
    { schema: { ...secured, summary: 'The SOP versions of a province', params: provinceParams, response: { 200: z.object({ packs: z.array(packHeader) }), ...problemResponses(400, 401, 403) } } },
    (request) => {
      const caller = callerOf(request);
      const decision = mayAct(caller, { kind: 'sop.read', province: request.params.province, proposal: false });
      if (!decision.ok) throw new ApiProblem(decision.status, decision.code, decision.detail);
      return { packs: catalogue.list(request.params.province).filter((p) => visible(caller, p)).map(header) };
    },
  );

  app.get(
    '/sop-packs/:province/:version',
    { schema: { ...secured, summary: 'One SOP version', params: packParams, response: { 200: packDetail, ...problemResponses(400, 401, 403, 404) } } },
    (request) => {
      const p = packFor(callerOf(request), request.params.province, request.params.version, 'params.version');
      const pack = p.bundle.pack;
      return {
        ...header(p),
        overlays: p.bundle.overlays.map((o) => ({ id: o.id, title: o.title, law: o.law })),
        offenceClasses: pack.offenceClasses,
        roles: pack.roles,
        stages: pack.stages,
        events: pack.events,
        clocks: pack.clocks,
        gates: pack.gates.map((g) => ({ ...g, objections: g.rules.map((r) => r.event.params) })),
        ladders: pack.ladders,
        calendars: pack.calendars.map((c) => ({
          id: c.id,
          kind: c.kind,
          label: c.label,
          closedWeekdays: c.closedWeekdays,
          holidays: Object.entries(c.holidays).flatMap(([year, days]) => days.map((d) => ({ year, date: d.date, name: d.name, status: d.status }))),
          notifications: Object.entries(c.notifications).flatMap(([year, ns]) => ns.map((n) => ({ year, issuedBy: n.issuedBy, title: n.title, ...(n.reference ? { reference: n.reference } : {}), status: n.status, verified: n.verified }))),
        })),
      };
    },
  );

  app.get(
    '/sop-packs/:province/diff',
    {
      schema: {
        ...secured,
        summary: 'What changes between two SOP versions, clock by clock and gate by gate',
        params: provinceParams,
        querystring: z.object({ from: version, to: version }).strict(),
        response: { 200: sopDiff, ...problemResponses(400, 401, 403, 404) },
      },
    },
    (request) => {
      const caller = callerOf(request);
      const from = packFor(caller, request.params.province, request.query.from, 'querystring.from');
      const to = packFor(caller, request.params.province, request.query.to, 'querystring.to');
      return diffSop(from.bundle, to.bundle);
    },
  );

  app.get(
    '/sop-packs/:province/:version/stage-graph',
    {
      schema: {
        ...secured,
        summary: 'The stage diagram of an SOP version, as Mermaid or Graphviz DOT',
        params: packParams,
        querystring: z.object({ format: z.enum(['mermaid', 'dot']).default('mermaid') }).strict(),
        response: { 200: z.object({ format: z.enum(['mermaid', 'dot']), source: z.string() }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    (request) => {
      const p = packFor(callerOf(request), request.params.province, request.params.version, 'params.version');
      const { format } = request.query;
      return { format, source: format === 'dot' ? stageGraphDot(p.bundle.pack) : stageGraphMermaid(p.bundle.pack) };
    },
  );
  done();
};
