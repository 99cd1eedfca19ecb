// One case as a supervisor reads it: its stage, every clock with a countdown and its ledger in the law's terms,
// pause grounds and extensions, the gates' results with their objections, each open escalation's explanation
// (rule, facts compared, citation, SOP hash), the timeline and the events the SOP allows now. The API leaves out
// personal data, and the case's own fact values for roles that do not handle it; the URL carries only the id.
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, dataOf, type Schemas } from '../../api/client';
import { Link, paths } from '../../app/router';
import { Countdown } from '../../components/Countdown';
import { useNow } from '../../components/useNow';
import { useFormat } from '../../i18n/format';

type CaseDetail = Schemas['CaseDetail'];
type Clock = CaseDetail['clocks'][number];

export function CasePage({ caseId }: { caseId: string }): ReactNode {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ['case', caseId],
    queryFn: async () => dataOf(await api.GET('/cases/{caseId}', { params: { path: { caseId } } })),
    retry: (n, err) => !(err instanceof ApiError && err.status < 500) && n < 2,
  });
  if (q.isPending) return <p>{t('common.loading')}</p>;
  if (q.isError) {
    const notFound = q.error instanceof ApiError && (q.error.status === 404 || q.error.status === 403);
    return (
      <section aria-labelledby="case-missing">
        <h1 id="case-missing" data-testid="case-not-found">
          {notFound ? t('case.notFound') : t('problems.network')}
        </h1>
        <p>
          <Link to={paths.inbox()}>{t('case.back')}</Link>
        </p>
      </section>
    );
  }
  return <CaseView c={q.data} />;
}

function CaseView({ c }: { c: CaseDetail }): ReactNode {
  const { t } = useTranslation();
  const f = useFormat();
  const now = useNow();
  return (
    <article className="case" aria-labelledby="case-title">
      <p>
        <Link to={paths.inbox()}>{t('case.back')}</Link>
      </p>
      <h1 id="case-title">{t('case.title', { id: c.caseId.replace(/^case\//, '') })}</h1>
      <dl className="case-facts">
        <dt>{t('case.stage')}</dt>
        <dd data-testid="case-stage">{f.packLabel(c.stage, `stages.${c.stage.id}`)}</dd>
        <dt>{t('case.place')}</dt>
        <dd>{f.jurisdiction(c.jurisdiction)}</dd>
        <dt>{t('case.offenceClass')}</dt>
        <dd>{t(`offenceClasses.${c.offenceClass}`, { defaultValue: c.offenceClass })}</dd>
        <dt>{t('case.sop')}</dt>
        <dd>
          {t('case.sopVersion', { province: f.place(c.sop.province), version: c.sop.version })} <code className="hash">{c.sopHash.slice(0, 19)}</code>
        </dd>
        <dt>{t('case.asOf')}</dt>
        <dd>{f.dateTime(c.asOf)}</dd>
      </dl>

      <section aria-labelledby="clocks-title">
        <h2 id="clocks-title">{t('case.clocks')}</h2>
        {c.clocks.length === 0 ? <p className="muted">{t('case.noClocks')}</p> : null}
        <ul className="clocks" data-testid="clocks">
          {c.clocks.map((clock) => (
            <ClockCard key={clock.key} clock={clock} now={now} />
          ))}
        </ul>
      </section>

      <section aria-labelledby="tasks-title">
        <h2 id="tasks-title">{t('case.escalations')}</h2>
        {c.openTasks.length === 0 ? <p className="muted">{t('case.noEscalations')}</p> : null}
        {c.openTasks.map((task) => (
          <div key={task.taskId} className="card" data-testid="escalation">
            <h3>
              {f.role(task.role)} · {t('inbox.level', { n: f.number(task.level) })} · {t(`taskStatus.${task.status}`, { defaultValue: task.status })}
            </h3>
            <Countdown dueAt={task.slaDueAt} now={now} label={t('case.sla')} />
            <p>{task.explanation.summary}</p>
            <dl className="explanation">
              <dt>{t('case.rule')}</dt>
              <dd>
                <code>{task.explanation.rule}</code>
              </dd>
              <dt>{t('case.citation')}</dt>
              <dd>
                <Citation citation={task.explanation.citation} />
              </dd>
              <dt>{t('case.sopHash')}</dt>
              <dd>
                <code className="hash">{task.explanation.sopHash}</code>
              </dd>
            </dl>
            {task.explanation.comparisons.length ? (
              <table className="comparisons">
                <caption>{t('case.factsCompared')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('case.fact')}</th>
                    <th scope="col">{t('case.operator')}</th>
                    <th scope="col">{t('case.sopValue')}</th>
                    <th scope="col">{t('case.caseValue')}</th>
                    <th scope="col">{t('case.result')}</th>
                  </tr>
                </thead>
                <tbody>
                  {task.explanation.comparisons.map((cmp, i) => (
                    <tr key={i}>
                      <td>
                        <code>{cmp.fact}</code>
                      </td>
                      <td>{cmp.operator}</td>
                      <td>{cmp.value}</td>
                      <td>{cmp.factValue ?? (task.explanation.factValuesWithheld ? t('case.withheld') : '—')}</td>
                      <td>{cmp.result === null ? '—' : cmp.result ? t('case.true') : t('case.false')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </div>
        ))}
      </section>

      <section aria-labelledby="gates-title">
        <h2 id="gates-title">{t('case.gates')}</h2>
        {c.gates.length === 0 ? <p className="muted">{t('case.noGates')}</p> : null}
        {c.gates.map((g) => (
          <div key={g.gateId} className={`card gate gate-${g.passed ? 'passed' : 'failed'}`}>
            <h3>
              {f.packLabel(g)} — {g.passed ? t('case.gatePassed') : t('case.gateFailed')}
            </h3>
            <p className="muted">
              {f.dateTime(g.at)} · <Citation citation={g.citation} />
            </p>
            {g.objections.length ? (
              <ul>
                {g.objections.map((o) => (
                  <li key={`${o.rule}-${o.code}`}>
                    <code>{o.code}</code> {o.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ))}
      </section>

      <section aria-labelledby="allowed-title">
        <h2 id="allowed-title">{t('case.allowedEvents')}</h2>
        <ul className="allowed" data-testid="allowed-events">
          {c.allowedEvents.map((e) => (
            <li key={e}>
              <code>{e}</code> {t(`events.${e}`, { defaultValue: e })}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('case.timeline')}</h2>
        <ol className="timeline">
          {c.timeline.map((e, i) => (
            <li key={i}>
              <time dateTime={e.at}>{f.dateTime(e.at)}</time> <span className="badge">{t(`timelineKinds.${e.kind}`, { defaultValue: e.kind })}</span> {e.text}
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}

function Citation({ citation }: { citation: { law: string; section: string; verified: boolean } }): ReactNode {
  const { t } = useTranslation();
  return (
    <span>
      {citation.law} {citation.section} {citation.verified ? null : <span className="badge badge-unverified">{t('case.unverified')}</span>}
    </span>
  );
}

function ClockCard({ clock, now }: { clock: Clock; now: number }): ReactNode {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <li className={`card clock clock-${clock.status}`} data-testid="clock" data-clock-id={clock.clockId}>
      <h3>
        {f.packLabel(clock, `clocks.${clock.clockId}`)} <span className="badge">{t(`clockStatus.${clock.status}`)}</span>
      </h3>
      <p className="muted">
        <Citation citation={clock.citation} />
      </p>
      {clock.status === 'running' || clock.status === 'breached' ? <Countdown dueAt={clock.dueAt} now={now} /> : clock.dueAt ? <span>{t('case.due', { at: f.dateTime(clock.dueAt) })}</span> : null}
      <p className="ledger" data-testid="ledger">
        {clock.ledger.summary}
      </p>
      {clock.grounds.length ? <p>{t('case.pausedOn', { grounds: f.list(clock.grounds.map((g) => t(`grounds.${g}`, { defaultValue: g }))) })}</p> : null}
      {clock.pauses.length ? (
        <>
          <h4>{t('case.pauses')}</h4>
          <ul>
            {clock.pauses.map((p, i) => (
              <li key={i}>
                {t(`grounds.${p.ground ?? 'other'}`, { defaultValue: p.ground ?? p.reason })}: {f.date(p.from)} – {p.to ? f.date(p.to) : t('case.ongoing')}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {clock.extensions.length ? (
        <>
          <h4>{t('case.extensions')}</h4>
          <ul>
            {clock.extensions.map((x, i) => (
              <li key={i}>{t('case.extension', { amount: f.number(x.amount), by: f.role(x.grantedBy), at: f.date(x.grantedAt) })}</li>
            ))}
          </ul>
        </>
      ) : null}
      <details>
        <summary>{t('case.ledger')}</summary>
        <ol>
          {clock.ledger.lines.map((l, i) => (
            <li key={i}>{l}</li>
          ))}
        </ol>
      </details>
    </li>
  );
}
