// The inbox's filters. Each one is a query parameter of GET /tasks (the server filters), except "breached clocks
// only", which keeps the rows a clock's breach raised. Choices of clock and station come from the tasks at hand.
// Every filter but that one narrows on the server.
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import type { InboxFilters, Task } from './inbox-query';

const LEVELS = [1, 2, 3, 4, 5];
const OFFENCE_CLASSES = ['theft', 'robbery', 'murder', 'hurt', 'sexual_offence', 'narcotics', 'terrorism', 'other'];

export function FilterBar({ filters, tasks, onChange }: { filters: InboxFilters; tasks: Task[]; onChange: (f: InboxFilters) => void }): ReactNode {
  const { t } = useTranslation();
  const f = useFormat();
  const set = <K extends keyof InboxFilters>(key: K, value: InboxFilters[K] | undefined): void => {
    const next = { ...filters };
    if (value === undefined || value === false || value === '') delete next[key];
    else next[key] = value;
    onChange(next);
  };
  // Computed once per list, not on every render: the list may hold 10,000 tasks.
  const clocks = useMemo(() => [...new Set([...tasks.map((x) => x.breachedClock).filter((c): c is string => c !== null), ...(filters.breachedClock ? [filters.breachedClock] : [])])].sort(), [tasks, filters.breachedClock]);
  const stations = useMemo(
    () => [...new Set([...tasks.map((x) => x.jurisdiction.policeStation).filter((s): s is string => Boolean(s)), ...(filters.policeStation ? [filters.policeStation] : [])])].sort(),
    [tasks, filters.policeStation],
  );
  // The read model names each task's offence class; the pack's classes are offered whatever the list holds.
  const offences = useMemo(() => [...new Set([...OFFENCE_CLASSES, ...tasks.map((x) => x.offenceClass).filter((o): o is string => Boolean(o))])].sort(), [tasks]);
  return (
    <fieldset className="filters">
      <legend>{t('filters.title')}</legend>
      <label className="check">
        <input type="checkbox" checked={filters.climbingSoon ?? false} onChange={(e) => set('climbingSoon', e.target.checked)} data-testid="filter-climbing" />
        {t('filters.climbingSoon')}
      </label>
      <label className="check">
        <input type="checkbox" checked={filters.breachedOnly ?? false} onChange={(e) => set('breachedOnly', e.target.checked)} />
        {t('filters.breachedOnly')}
      </label>
      <label>
        {t('filters.clock')}
        <select value={filters.breachedClock ?? ''} onChange={(e) => set('breachedClock', e.target.value)}>
          <option value="">{t('filters.any')}</option>
          {clocks.map((c) => (
            <option key={c} value={c}>
              {t(`clocks.${c}`, { defaultValue: c })}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('filters.level')}
        <select value={filters.level ?? ''} onChange={(e) => set('level', e.target.value === '' ? undefined : Number(e.target.value))}>
          <option value="">{t('filters.any')}</option>
          {LEVELS.map((l) => (
            <option key={l} value={l}>
              {f.number(l)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('filters.status')}
        <select value={filters.status ?? ''} onChange={(e) => set('status', (e.target.value || undefined) as InboxFilters['status'])}>
          <option value="">{t('filters.any')}</option>
          <option value="open">{t('taskStatus.open')}</option>
          <option value="acknowledged">{t('taskStatus.acknowledged')}</option>
        </select>
      </label>
      <label>
        {t('filters.policeStation')}
        <select value={filters.policeStation ?? ''} onChange={(e) => set('policeStation', e.target.value)}>
          <option value="">{t('filters.any')}</option>
          {stations.map((s) => (
            <option key={s} value={s}>
              {f.place(s)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('filters.offenceClass')}
        <select value={filters.offenceClass ?? ''} onChange={(e) => set('offenceClass', e.target.value)}>
          <option value="">{t('filters.any')}</option>
          {offences.map((o) => (
            <option key={o} value={o}>
              {t(`offenceClasses.${o}`, { defaultValue: o })}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => onChange({})} disabled={Object.keys(filters).length === 0}>
        {t('filters.clear')}
      </button>
    </fieldset>
  );
}
