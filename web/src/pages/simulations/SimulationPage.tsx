// Simulation compare for policy analysts: run a proposed SOP version against the one in force on the same
// synthetic cases (POST /simulations, a durable job), its progress polled (GET /simulations/{jobId}), then each
// KPI's baseline, proposal, delta and 95% interval from GET /simulations/{jobId}/report.json, written by the very
// formatter the HTML report uses, so the two show the same numbers.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCi, formatKpiDelta, formatKpiValue, deltaVerdict } from '../../../../simulator/report/format-kpi';
import { api, dataOf } from '../../api/client';
import { useFormat } from '../../i18n/format';

type Province = 'punjab' | 'sindh' | 'khyber-pakhtunkhwa' | 'balochistan';
type Unit = 'share' | 'days' | 'count' | 'per-month';
interface Delta {
  kpi: string;
  group: Record<string, string>;
  baseline: number;
  proposal: number;
  delta: number;
  ci95: [number, number] | null;
}
interface Definition {
  id: string;
  unit: Unit;
  better: 'higher' | 'lower' | 'neither';
}

const JOB = 'sopflow.simulationJob';
/** The group keys that split the cohort, as simulator/report/report-view.ts has them. */
const COHORT_SPLITS = new Set(['province', 'district', 'offenceClass']);

export function SimulationPage({ province: p }: { province: string }): ReactNode {
  const { t } = useTranslation();
  const f = useFormat();
  const province = p as Province;
  const versions = useQuery({
    queryKey: ['sop-packs', province],
    queryFn: async () => dataOf(await api.GET('/sop-packs/{province}', { params: { path: { province } } })).packs,
  });
  const [baseline, setBaseline] = useState<string | null>(null);
  const [proposal, setProposal] = useState<string | null>(null);
  const [cases, setCases] = useState(200);
  const [replicates, setReplicates] = useState(5);
  const [jobId, setJobId] = useState<string | null>(() => window.sessionStorage.getItem(JOB));
  const start = useMutation({
    mutationFn: async (body: { baseline: string; proposal: string; cases: number; replicates: number }) =>
      dataOf(await api.POST('/simulations', { body: { ...body, seed: 1 } })),
    onSuccess: (job) => {
      window.sessionStorage.setItem(JOB, job.jobId);
      setJobId(job.jobId);
    },
  });
  const list = versions.data ?? [];
  const adopted = list.filter((v) => v.status === 'adopted');
  const base = baseline ?? adopted.at(-1)?.version ?? '';
  const prop = proposal ?? list.find((v) => v.status === 'proposal')?.version ?? list.find((v) => v.version !== base)?.version ?? '';
  return (
    <section className="simulations" aria-labelledby="sim-title">
      <h1 id="sim-title">{t('sim.title')}</h1>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          start.mutate({ baseline: base, proposal: prop, cases, replicates });
        }}
      >
        <label>
          {t('sim.baseline')}
          <select value={base} onChange={(e) => setBaseline(e.target.value)} data-testid="sim-baseline">
            {list.map((v) => (
              <option key={v.version} value={v.version}>
                {v.version} · {t(`studio.status.${v.status}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('sim.proposal')}
          <select value={prop} onChange={(e) => setProposal(e.target.value)} data-testid="sim-proposal">
            {list.map((v) => (
              <option key={v.version} value={v.version}>
                {v.version} · {t(`studio.status.${v.status}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('sim.cases')}
          <input type="number" min={1} max={5000} value={cases} onChange={(e) => setCases(Number(e.target.value))} data-testid="sim-cases" />
        </label>
        <label>
          {t('sim.replicates')}
          <input type="number" min={1} max={20} value={replicates} onChange={(e) => setReplicates(Number(e.target.value))} data-testid="sim-replicates" />
        </label>
        <button type="submit" disabled={start.isPending || !base || !prop} data-testid="sim-start">
          {t('sim.start')}
        </button>
      </form>
      {start.isError ? <p className="message message-error">{start.error.message}</p> : null}
      {jobId ? <Job key={jobId} jobId={jobId} /> : <p className="muted">{t('sim.none')}</p>}
      <p className="muted small">{t('sim.note', { n: f.number(95) })}</p>
    </section>
  );
}

function Job({ jobId }: { jobId: string }): ReactNode {
  const { t } = useTranslation();
  const f = useFormat();
  const job = useQuery({
    queryKey: ['simulation', jobId],
    queryFn: async () => dataOf(await api.GET('/simulations/{jobId}', { params: { path: { jobId } } })),
    refetchInterval: (q) => (q.state.data?.status === 'running' || !q.state.data ? 1000 : false),
  });
  const done = job.data?.status === 'completed';
  const report = useQuery({
    queryKey: ['simulation-report', jobId],
    enabled: done,
    queryFn: async () => dataOf(await api.GET('/simulations/{jobId}/report.json', { params: { path: { jobId } } })),
  });
  if (job.isError) return <p className="message message-error">{job.error.message}</p>;
  if (!job.data) return <p>{t('common.loading')}</p>;
  const progress = job.data.progress;
  return (
    <section aria-labelledby="job-h" data-testid="sim-job" data-status={job.data.status} data-job-id={jobId}>
      <h2 id="job-h">{t(`sim.status.${job.data.status}`)}</h2>
      {job.data.status === 'running' ? (
        <p>
          <progress max={progress?.total ?? 1} value={progress?.done ?? 0} aria-labelledby="job-h" data-testid="sim-progress" />{' '}
          {progress ? t('sim.progress', { done: f.number(progress.done), total: f.number(progress.total) }) : t('sim.starting')}
        </p>
      ) : null}
      {job.data.failure ? <p className="message message-error">{job.data.failure}</p> : null}
      {report.data ? <Compare report={report.data as unknown as Report} jobId={jobId} /> : done ? <p>{t('common.loading')}</p> : null}
    </section>
  );
}

interface Report {
  meta: { baseline: { version: string; sopHash: string }; proposal: { version: string; sopHash: string }; replicates: number; casesPerReplicate: number; seed: number };
  catalogue: Definition[];
  deltas: Delta[];
}

function Compare({ report, jobId }: { report: Report; jobId: string }): ReactNode {
  const { t } = useTranslation();
  const f = useFormat();
  const defs = new Map(report.catalogue.map((d) => [d.id, d]));
  const groupLabel = (g: Record<string, string>): string =>
    Object.entries(g)
      .map(([k, v]) => (k === 'clock' ? t(`clocks.${v}`, { defaultValue: v }) : k === 'stage' ? t(`stages.${v}`, { defaultValue: v }) : k === 'role' ? f.role(v) : k === 'province' || k === 'district' ? f.place(v) : `${v}`))
      .join(' · ') || t('sim.allCases');
  // As the HTML report: its table is the cohort as a whole (per clock, stage, role); rows split by place or
  // offence class follow, folded.
  const cohort = report.deltas.filter((d) => !Object.keys(d.group).some((k) => COHORT_SPLITS.has(k)));
  const split = report.deltas.filter((d) => Object.keys(d.group).some((k) => COHORT_SPLITS.has(k)));
  return (
    <>
      <p>
        {t('sim.ran', { baseline: report.meta.baseline.version, proposal: report.meta.proposal.version, replicates: f.number(report.meta.replicates), cases: f.number(report.meta.casesPerReplicate) })}{' '}
        <a href={`/simulations/${jobId}/report.html`} target="_blank" rel="noreferrer">
          {t('sim.htmlReport')}
        </a>
      </p>
      <DeltaTable rows={cohort} testId="sim-compare" caption={t('sim.compareCaption')} defs={defs} groupLabel={groupLabel} />
      {split.length ? (
        <details>
          <summary>{t('sim.splitRows', { n: f.number(split.length) })}</summary>
          <DeltaTable rows={split} testId="sim-compare-split" caption={t('sim.splitCaption')} defs={defs} groupLabel={groupLabel} />
        </details>
      ) : null}
    </>
  );
}

function DeltaTable({ rows, testId, caption, defs, groupLabel }: { rows: Delta[]; testId: string; caption: string; defs: Map<string, Definition>; groupLabel: (g: Record<string, string>) => string }): ReactNode {
  const { t } = useTranslation();
  return (
    <table className="data sim-compare" data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('sim.kpi')}</th>
          <th scope="col">{t('sim.group')}</th>
          <th scope="col">{t('sim.baseline')}</th>
          <th scope="col">{t('sim.proposal')}</th>
          <th scope="col">{t('sim.delta')}</th>
          <th scope="col">{t('sim.interval')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((d, i) => {
          const def = defs.get(d.kpi);
          const unit = def?.unit ?? 'count';
          const verdict = def ? deltaVerdict(def.better, d.delta, d.ci95) : 'unsure';
          return (
            <tr key={i} data-testid="sim-delta" data-kpi={d.kpi}>
              <td>{t(`kpiNames.${d.kpi.replace(/\./g, '_')}`, { defaultValue: d.kpi })}</td>
              <td>{groupLabel(d.group)}</td>
              <td className="num" dir="ltr">{formatKpiValue(unit, d.baseline)}</td>
              <td className="num" dir="ltr">{formatKpiValue(unit, d.proposal)}</td>
              <td className={`num delta-${verdict}`} dir="ltr" data-testid="sim-delta-value">
                {formatKpiDelta(unit, d.delta)}
              </td>
              <td className="num" dir="ltr" data-testid="sim-delta-ci">
                {formatCi(unit, d.ci95)}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
