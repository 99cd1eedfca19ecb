// The KPI dashboard: the harmonised KPIs of the caller's jurisdiction (GET /kpis, the numbers the PPF report
// prints), province → district → police station by clicking a row; trends by FIR month; a heatmap of clock
// breaches (district or station × clock); the cases behind any number (GET /kpis/{kpi}/cases, scoped by the
// server); the table as CSV. Charts mirror in Urdu: months run right to left and the rows' labels sit on the right.
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, dataOf, type Schemas } from '../../api/client';
import type { WebSession } from '../../api/session';
import { Link, paths } from '../../app/router';
import { useFormat } from '../../i18n/format';
import { BreachHeatmap, TrendChart } from './kpi-charts';

type KpiValue = Schemas['KpiValue'];
type KpiDefinition = Schemas['KpiDefinition'];
export interface Scope {
  province: string;
  district?: string;
  policeStation?: string;
}

/** The columns of the table: one number per headline KPI (clock shares are in the heatmap, per clock). */
export const HEADLINE = ['cases.count', 'challan.within_s173_share', 'challan.return_rate', 'scrutiny.returned_in_time_share', 'time.fir_to_court_median', 'custody.beyond_s497_count'] as const;

const monthOf = (d: Date): string => `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;

export function formatKpi(def: KpiDefinition | undefined, value: number, number: (n: number) => string): string {
  if (!def) return number(value);
  if (def.unit === 'share') return `${number(Math.round(value * 1000) / 10)}%`;
  if (def.unit === 'days' || def.unit === 'per-month') return number(Math.round(value * 10) / 10);
  return number(value);
}

const groupByOf = (scope: Scope): 'district' | 'policeStation' | 'none' => (scope.policeStation ? 'none' : scope.district ? 'policeStation' : 'district');

export function KpiPage({ session }: { session: WebSession | undefined }): ReactNode {
  const { t } = useTranslation();
  const own = session?.user?.jurisdiction ?? { province: 'punjab' };
  const [from, setFrom] = useState('2025-01');
  const [to, setTo] = useState(monthOf(new Date()));
  const [scope, setScope] = useState<Scope>({ province: own.province, ...(own.district ? { district: own.district } : {}), ...(own.policeStation ? { policeStation: own.policeStation } : {}) });
  const [drill, setDrill] = useState<{ kpi: string; group: Record<string, string>; outcome?: 'hit' } | null>(null);
  const f = useFormat();
  const groupBy = groupByOf(scope);
  const query = { from, to, province: scope.province, ...(scope.district ? { district: scope.district } : {}), ...(scope.policeStation ? { policeStation: scope.policeStation } : {}) };
  const table = useQuery({
    queryKey: ['kpis', query, groupBy],
    queryFn: async () => dataOf(await api.GET('/kpis', { params: { query: { ...query, groupBy } } })),
  });
  const trend = useQuery({
    queryKey: ['kpis', query, 'firMonth'],
    queryFn: async () => dataOf(await api.GET('/kpis', { params: { query: { ...query, groupBy: 'firMonth' } } })),
  });
  const defs = new Map((table.data?.definitions ?? []).map((d) => [d.id, d]));
  const dim = groupBy === 'none' ? null : groupBy;
  const rows = groupRows(table.data?.values ?? [], dim);
  // Wider than the caller's own scope is never offered; narrower steps back to it.
  const ownDepth = own.policeStation ? 2 : own.district ? 1 : 0;
  const depth = scope.policeStation ? 2 : scope.district ? 1 : 0;
  const up = (): void => {
    if (depth === 2) setScope({ province: scope.province, district: scope.district! });
    else setScope({ province: scope.province });
    setDrill(null);
  };
  const down = (id: string): void => {
    setScope(dim === 'district' ? { province: scope.province, district: id } : { province: scope.province, district: scope.district!, policeStation: id });
    setDrill(null);
  };
  const exportCsv = (): void => {
    const values = table.data?.values ?? [];
    const keys = [...new Set(values.flatMap((v) => Object.keys(v.group)))].sort();
    const cell = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    const lines = [['kpi', ...keys, 'value', 'n'].join(','), ...values.map((v) => [v.kpi, ...keys.map((k) => v.group[k] ?? ''), String(v.value), String(v.n)].map(cell).join(','))];
    const url = URL.createObjectURL(new Blob([`${lines.join('\n')}\n`], { type: 'text/csv' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `kpis-${[scope.province, scope.district, scope.policeStation].filter(Boolean).join('-')}-${from}-${to}.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <section className="kpis" aria-labelledby="kpi-title">
      <h1 id="kpi-title">{t('kpis.title', { place: f.jurisdiction(scope) })}</h1>
      <div className="filters">
        <label>
          {t('kpis.from')}
          <input type="month" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="kpi-from" />
        </label>
        <label>
          {t('kpis.to')}
          <input type="month" value={to} onChange={(e) => setTo(e.target.value)} data-testid="kpi-to" />
        </label>
        {depth > ownDepth ? (
          <button type="button" onClick={up} data-testid="kpi-up">
            {t('kpis.up')}
          </button>
        ) : null}
        <button type="button" onClick={exportCsv} disabled={!table.data} data-testid="kpi-csv">
          {t('kpis.exportCsv')}
        </button>
      </div>
      {table.isPending ? <p>{t('common.loading')}</p> : null}
      {table.isError ? <p className="message message-error">{table.error.message}</p> : null}
      {table.data ? (
        <table className="data kpi-table" data-testid="kpi-table">
          <caption>{t(`kpis.by.${groupBy}`)}</caption>
          <thead>
            <tr>
              <th scope="col">{t(`kpis.group.${groupBy}`)}</th>
              {HEADLINE.map((k) => (
                <th scope="col" key={k}>
                  {t(`kpiNames.${k.replace(/\./g, '_')}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map(([id, byKpi]) => (
              <tr key={id} data-testid="kpi-row" data-group={id}>
                <th scope="row">
                  {dim ? (
                    <button type="button" className="link" onClick={() => down(id)} data-testid="kpi-down">
                      {f.place(id)}
                    </button>
                  ) : (
                    f.jurisdiction(scope)
                  )}
                </th>
                {HEADLINE.map((k) => {
                  const v = byKpi.get(k);
                  return (
                    <td key={k} className="num">
                      {v ? (
                        <button type="button" className="link" data-testid="kpi-cell" data-kpi={k} onClick={() => setDrill({ kpi: k, group: v.group })} title={t('kpis.basedOn', { n: f.number(v.n) })}>
                          {formatKpi(defs.get(k), v.value, f.number)}
                        </button>
                      ) : (
                        '—'
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {drill ? <DrillDown from={from} to={to} scope={scope} drill={drill} onClose={() => setDrill(null)} /> : null}
      <h2 id="trend-h">{t('kpis.trends')}</h2>
      {trend.data ? <TrendChart values={trend.data.values} labelledBy="trend-h" /> : trend.isError ? <p className="message message-error">{trend.error.message}</p> : <p>{t('common.loading')}</p>}
      <h2 id="heat-h">{t('kpis.heatmap', { rows: t(`kpis.group.${groupBy}`) })}</h2>
      {table.data && dim ? (
        <BreachHeatmap values={table.data.values} dim={dim} labelledBy="heat-h" onPick={(group) => setDrill({ kpi: 'clock.breached_share', group, outcome: 'hit' })} />
      ) : (
        <p className="muted">{t('kpis.noHeatmap')}</p>
      )}
    </section>
  );
}

/** The values of each group (a district, a station, or the whole scope), KPI by KPI, without the per-clock ones. */
function groupRows(values: KpiValue[], dim: 'district' | 'policeStation' | null): [string, Map<string, KpiValue>][] {
  const out = new Map<string, Map<string, KpiValue>>();
  for (const v of values) {
    if (Object.keys(v.group).some((k) => k !== 'province' && k !== 'district' && k !== 'policeStation')) continue;
    const id = dim ? v.group[dim] : 'all';
    if (!id) continue;
    if (!out.has(id)) out.set(id, new Map());
    out.get(id)!.set(v.kpi, v);
  }
  return [...out].sort(([a], [b]) => a.localeCompare(b));
}

function DrillDown({ from, to, scope, drill, onClose }: { from: string; to: string; scope: Scope; drill: { kpi: string; group: Record<string, string>; outcome?: 'hit' }; onClose: () => void }): ReactNode {
  const { t } = useTranslation();
  const f = useFormat();
  const { group } = drill;
  const query = {
    from,
    to,
    province: group.province ?? scope.province,
    ...((group.district ?? scope.district) ? { district: (group.district ?? scope.district)! } : {}),
    ...((group.policeStation ?? scope.policeStation) ? { policeStation: (group.policeStation ?? scope.policeStation)! } : {}),
    ...(group.clock ? { clock: group.clock } : {}),
    ...(drill.outcome ? { outcome: drill.outcome } : {}),
    limit: 100,
  };
  const q = useQuery({
    queryKey: ['kpi-cases', drill.kpi, query],
    queryFn: async () => dataOf(await api.GET('/kpis/{kpi}/cases', { params: { path: { kpi: drill.kpi }, query } })),
  });
  return (
    <section className="card drill" aria-labelledby="drill-h" data-testid="kpi-drill">
      <h2 id="drill-h">
        {t('kpis.casesBehind', { kpi: t(`kpiNames.${drill.kpi.replace(/\./g, '_')}`), place: f.jurisdiction({ province: query.province, ...(query.district ? { district: query.district } : {}), ...(query.policeStation ? { policeStation: query.policeStation } : {}) }) })}
        {group.clock ? ` · ${t(`clocks.${group.clock}`, { defaultValue: group.clock })}` : ''}
      </h2>
      <button type="button" onClick={onClose}>
        {t('kpis.closeDrill')}
      </button>
      {q.isPending ? <p>{t('common.loading')}</p> : null}
      {q.isError ? <p className="message message-error">{q.error.message}</p> : null}
      {q.data ? (
        <>
          <p>{q.data.next ? t('kpis.firstCases', { n: f.number(q.data.caseIds.length) }) : t('kpis.caseCount', { count: q.data.caseIds.length, n: f.number(q.data.caseIds.length) })}</p>
          <ul className="drill-cases">
            {q.data.caseIds.map((id) => (
              <li key={id}>
                <Link to={paths.case(id)} data-testid="drill-case" data-case-id={id}>
                  {id.replace(/^case\//, '')}
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
