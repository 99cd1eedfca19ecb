// A deadline as a coloured countdown: red once passed, amber within a day, green otherwise; grey when there is
// no deadline (paused, acknowledged, ended). The colour is never the only sign: the words say it too.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../i18n/format';

const DAY = 86_400_000;

export type Urgency = 'overdue' | 'soon' | 'later' | 'none';

export function urgencyOf(dueAt: string | null, now: number): Urgency {
  if (dueAt === null) return 'none';
  const left = Date.parse(dueAt) - now;
  return left < 0 ? 'overdue' : left < DAY ? 'soon' : 'later';
}

export function Countdown({ dueAt, now, label }: { dueAt: string | null; now: number; label?: string }): ReactNode {
  const { t } = useTranslation();
  const f = useFormat();
  const urgency = urgencyOf(dueAt, now);
  const text = dueAt === null ? t('countdown.none') : urgency === 'overdue' ? t('countdown.overdue', { time: f.duration(now - Date.parse(dueAt)) }) : t('countdown.left', { time: f.duration(Date.parse(dueAt) - now) });
  return (
    <span className={`countdown countdown-${urgency}`} title={dueAt ? f.dateTime(dueAt) : undefined}>
      {label ? <span className="countdown-label">{label}: </span> : null}
      {text}
    </span>
  );
}
