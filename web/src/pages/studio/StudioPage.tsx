// The SOP studio for a province's authors and analysts: one version as readable tables (clocks with their law and
// whether the citation is verified, ladders with each level's SLA, gates, calendars with the notified holidays),
// the diff of two versions, the stage diagram, a draft checked with each problem at its line, and the province's
// scenarios run against a version, pass/fail per step. Everything comes from the API; nothing is stored here.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, dataOf, type Schemas } from '../../api/client';
import { useFormat } from '../../i18n/format';
import { CheckDraft } from './CheckDraft';
import { StageGraph } from './StageGraph';

type Province = 'punjab' | 'sindh' | 'khyber-pakhtunkhwa' | 'balochistan';
type Pack = Schemas['SopPack'];
type Citation = Pack['clocks'][number]['citation'];

export function StudioPage({ province: p }: { province: string }): ReactNode {
  const { t } = useTranslation();
  const province = p as Province;
  const versions = useQuery({
    queryKey: ['sop-packs', province],
    queryFn: async () => dataOf(await api.GET('/sop-packs/{province}', { params: { path: { province } } })).packs,
  });
  const [chosen, setChosen] = useState<string | null>(null);
  const [from, setFrom] = useState<string | null>(null);
  if (versions.isPending) return <p>{t('common.loading')}</p>;
  if (versions.isError) return <p className="message message-error">{t('problems.network')}</p>;
  const list = versions.data;
  const adopted = list.filter((v) => v.status === 'adopted');
  const version = chosen ?? adopted.at(-1)?.version ?? list.at(-1)?.version ?? null;
  const diffFrom = from ?? list.find((v) => v.version !== version)?.version ?? null;
  return (
    <section className="studio" aria-labelledby="studio-title">
      <h1 id="studio-title">{t('studio.title')}</h1>
      <div className="filters">
        <label>
          {t('studio.version')}
          <select value={version ?? ''} onChange={(e) => setChosen(e.target.value)} data-testid="studio-version">
            {list.map((v) => (
              <option key={v.version} value={v.version}>
                {v.version} · {t(`studio.status.${v.status}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('studio.compareWith')}
          <select value={diffFrom ?? ''} onChange={(e) => setFrom(e.target.value)} data-testid="studio-diff-from">
            {list.map((v) => (
              <option key={v.version} value={v.version}>
                {v.version}
              </option>
            ))}
          </select>
        </label>
      </div>
      {version ? <PackView province={province} version={version} /> : <p>{t('studio.noVersions')}</p>}
      {version && diffFrom && diffFrom !== version ? <DiffView province={province} from={diffFrom} to={version} /> : null}
      {version ? <StageGraph province={province} version={version} /> : null}
      <CheckDraft province={province} />
      {version ? <Scenarios province={province} version={version} /> : null}
    </section>
  );
}

function CitationCell({ c }: { c: Citation }): ReactNode {
  const { t } = useTranslation();
  return (
    <>
      {c.law}, {c.section}{' '}
      {c.verified ? <span className="badge">{t('studio.verified')}</span> : <span className="badge badge-unverified">{t('case.unverified')}</span>}
    </>
  );
}

function PackView({ province, version }: { province: Province; version: string }): ReactNode {
  const { t } = useTranslation();
  const f = useFormat();
  const q = useQuery({
    queryKey: ['sop-pack', province, version],
    queryFn: async () => dataOf(await api.GET('/sop-packs/{province}/{version}', { params: { path: { province, version } } })),
  });
  if (q.isPending) return <p>{t('common.loading')}</p>;
  if (q.isError) return <p className="message message-error">{t('problems.network')}</p>;
  const pack = q.data;
  const dur = (d: { amount: number; unit: string }): string => t(`units.${d.unit}`, { n: f.number(d.amount), defaultValue: `${d.amount} ${d.unit}` });
  return (
    <>
      <p>
        {pack.title} · {t('studio.effectiveFrom', { date: pack.effectiveFrom })} · <code className="hash">{pack.hash.slice(0, 19)}</code>
      </p>
      <h2 id="clocks-h">{t('studio.clocks')}</h2>
      <table className="data" aria-labelledby="clocks-h" data-testid="studio-clocks">
        <thead>
          <tr>
            <th scope="col">{t('studio.clock')}</th>
            <th scope="col">{t('studio.duration')}</th>
            <th scope="col">{t('case.citation')}</th>
          </tr>
        </thead>
        <tbody>
          {pack.clocks.map((c) => (
            <tr key={c.id} data-clock-id={c.id}>
              <td>{f.packLabel(c, `clocks.${c.id}`)}</td>
              <td>{dur(c.duration)}</td>
              <td data-testid="clock-citation">
                <CitationCell c={c.citation} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 id="ladders-h">{t('studio.ladders')}</h2>
      <table className="data" aria-labelledby="ladders-h">
        <thead>
          <tr>
            <th scope="col">{t('studio.ladder')}</th>
            <th scope="col">{t('studio.levels')}</th>
            <th scope="col">{t('studio.calendar')}</th>
          </tr>
        </thead>
        <tbody>
          {pack.ladders.map((l) => (
            <tr key={l.id}>
              <td>{l.label}</td>
              <td>
                <ol className="levels">
                  {l.levels.map((lv, i) => (
                    <li key={i}>{t('studio.levelSla', { role: f.role(lv.role), sla: dur(lv.sla) })}</li>
                  ))}
                </ol>
              </td>
              <td>{l.calendar ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 id="gates-h">{t('studio.gates')}</h2>
      <table className="data" aria-labelledby="gates-h">
        <thead>
          <tr>
            <th scope="col">{t('studio.gate')}</th>
            <th scope="col">{t('studio.gateAt')}</th>
            <th scope="col">{t('studio.objections')}</th>
            <th scope="col">{t('case.citation')}</th>
          </tr>
        </thead>
        <tbody>
          {pack.gates.map((g) => (
            <tr key={g.id}>
              <td>{g.label}</td>
              <td>
                {t(`stages.${g.at.stage}`, { defaultValue: g.at.stage })} · {t(`events.${g.at.event}`, { defaultValue: g.at.event })}
              </td>
              <td>
                <ul className="plain">
                  {g.objections.map((o) => (
                    <li key={o.code}>
                      <code>{o.code}</code> {o.message}
                    </li>
                  ))}
                </ul>
              </td>
              <td>
                <CitationCell c={g.citation} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 id="calendars-h">{t('studio.calendars')}</h2>
      {pack.calendars.map((c) => (
        <div key={c.id} className="card">
          <h3>
            {c.label} · {t(`studio.calendarKind.${c.kind === 'court' ? 'court' : 'office'}`)}
          </h3>
          <p>{t('studio.closedWeekdays', { days: f.list(c.closedWeekdays.map((d) => t(`weekdays.${d}`, { defaultValue: d }))) })}</p>
          <table className="data">
            <caption>{t('studio.notifications')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('studio.year')}</th>
                <th scope="col">{t('studio.notice')}</th>
                <th scope="col">{t('studio.noticeStatus')}</th>
              </tr>
            </thead>
            <tbody>
              {c.notifications.map((n, i) => (
                <tr key={i}>
                  <td>{n.year}</td>
                  <td>
                    {n.issuedBy}: {n.title} {n.reference ? <code>{n.reference}</code> : null}
                  </td>
                  <td>
                    {t(`studio.noticeStatuses.${n.status === 'issued' ? 'issued' : 'expected'}`)}{' '}
                    {n.verified ? <span className="badge">{t('studio.verified')}</span> : <span className="badge badge-unverified">{t('studio.notVerified')}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <details>
            <summary>{t('studio.holidays', { n: f.number(c.holidays.length) })}</summary>
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{t('studio.date')}</th>
                  <th scope="col">{t('studio.holiday')}</th>
                  <th scope="col">{t('studio.noticeStatus')}</th>
                </tr>
              </thead>
              <tbody>
                {c.holidays.map((h) => (
                  <tr key={`${h.date}-${h.name}`}>
                    <td>{f.date(`${h.date}T12:00:00+05:00`)}</td>
                    <td>{h.name}</td>
                    <td>{t(`studio.holidayStatus.${h.status === 'expected' ? 'expected' : 'notified'}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </div>
      ))}
    </>
  );
}

const show = (v: unknown): string => (v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

function DiffView({ province, from, to }: { province: Province; from: string; to: string }): ReactNode {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ['sop-diff', province, from, to],
    queryFn: async () => dataOf(await api.GET('/sop-packs/{province}/diff', { params: { path: { province }, query: { from, to } } })),
  });
  return (
    <section aria-labelledby="diff-h">
      <h2 id="diff-h">{t('studio.diffTitle', { from, to })}</h2>
      {q.isPending ? <p>{t('common.loading')}</p> : null}
      {q.isError ? <p className="message message-error">{t('problems.network')}</p> : null}
      {q.data ? (
        <table className="data diff" data-testid="sop-diff">
          <thead>
            <tr>
              <th scope="col">{t('studio.section')}</th>
              <th scope="col">{t('studio.item')}</th>
              <th scope="col">{t('studio.change')}</th>
              <th scope="col">{t('studio.field')}</th>
              <th scope="col">{t('studio.before')}</th>
              <th scope="col">{t('studio.after')}</th>
            </tr>
          </thead>
          <tbody>
            {q.data.header.map((fc) => (
              <tr key={`h-${fc.path}`} data-testid="diff-row">
                <td>{t('studio.header')}</td>
                <td>—</td>
                <td>{t('studio.changes.changed')}</td>
                <td>
                  <code>{fc.path}</code>
                </td>
                <td>{show(fc.before)}</td>
                <td>{show(fc.after)}</td>
              </tr>
            ))}
            {Object.entries(q.data.sections).flatMap(([section, items]) =>
              (items ?? []).flatMap((item) =>
                (item.fields.length ? item.fields : [null]).map((fc, i) => (
                  <tr key={`${section}-${item.id}-${i}`} data-testid="diff-row" className={`diff-${item.change}`}>
                    <td>{t(`studio.sections.${section}`, { defaultValue: section })}</td>
                    <td>
                      <code>{item.id}</code>
                    </td>
                    <td>{t(`studio.changes.${item.change}`)}</td>
                    <td>{fc ? <code>{fc.path}</code> : '—'}</td>
                    <td>{fc ? show(fc.before) : '—'}</td>
                    <td>{fc ? show(fc.after) : '—'}</td>
                  </tr>
                )),
              ),
            )}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function Scenarios({ province, version }: { province: Province; version: string }): ReactNode {
  const { t } = useTranslation();
  const f = useFormat();
  const run = useMutation({
    mutationFn: async () => dataOf(await api.POST('/sop-packs/{province}/{version}/scenario-runs', { params: { path: { province, version } } })),
  });
  return (
    <section aria-labelledby="scen-h">
      <h2 id="scen-h">{t('studio.scenarios')}</h2>
      <button type="button" onClick={() => run.mutate()} disabled={run.isPending} data-testid="run-scenarios">
        {t('studio.runScenarios', { version })}
      </button>
      {run.isError ? <p className="message message-error">{run.error.message}</p> : null}
      {run.data ? (
        <>
          <p role="status">{t('studio.scenarioTally', { passed: f.number(run.data.passed), failed: f.number(run.data.failed) })}</p>
          <ul className="plain" data-testid="scenario-results">
            {run.data.scenarios.map((s) => (
              <li key={s.file} className="card" data-testid="scenario" data-passed={String(s.passed)}>
                <h3>
                  {s.passed ? <span className="badge">{t('studio.pass')}</span> : <span className="badge badge-breached">{t('studio.fail')}</span>} {s.name}
                </h3>
                <ol className="steps">
                  {s.steps.map((st) => (
                    <li key={st.index} data-testid="scenario-step" data-passed={String(st.passed)}>
                      {st.passed ? '✓' : '✗'} {st.title}
                      {st.failures.length ? (
                        <ul>
                          {st.failures.map((m, i) => (
                            <li key={i}>{m}</li>
                          ))}
                        </ul>
                      ) : null}
                    </li>
                  ))}
                </ol>
                {s.errors.map((e, i) => (
                  <p key={i} className="message message-error">
                    {e}
                  </p>
                ))}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
