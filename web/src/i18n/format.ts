// Dates, numbers and durations in the user's locale, in Pakistan's time (the SOPs' clocks run in PKT).
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { localeOf } from './index';

const ZONE = 'Asia/Karachi';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface Formatters {
  dateTime: (iso: string | number) => string;
  date: (iso: string | number) => string;
  number: (n: number) => string;
  /** A length of time in days, hours and minutes, e.g. "2d 5h". */
  duration: (ms: number) => string;
  /** A role id (sho, ddpp…) by its name. */
  role: (id: string) => string;
  /** A province, district or police-station id by its name where one is known, else the id made readable. */
  place: (id: string) => string;
  /** A jurisdiction from the narrowest to the widest, e.g. "Model Town, Lahore, Punjab". */
  jurisdiction: (j: { province: string; district?: string; policeStation?: string }) => string;
  /**
   * A label from the SOP pack: in English the pack's own; in Urdu its label_ur when it has one, else the app's
   * translation under `key`, else the English label.
   */
  packLabel: (item: { label: string; labelUr?: string }, key?: string) => string;
  /** Items joined with the language's separator (a comma, or the Arabic comma in Urdu). */
  list: (items: string[]) => string;
}

interface LocaleFormats {
  dt: Intl.DateTimeFormat;
  d: Intl.DateTimeFormat;
  nf: Intl.NumberFormat;
}

// Intl objects are costly to build and a long list formats thousands of values: one set per locale.
const formatsByLocale = new Map<string, LocaleFormats>();
function formatsOf(locale: string): LocaleFormats {
  let f = formatsByLocale.get(locale);
  if (!f) {
    f = {
      dt: new Intl.DateTimeFormat(locale, { timeZone: ZONE, dateStyle: 'medium', timeStyle: 'short' }),
      d: new Intl.DateTimeFormat(locale, { timeZone: ZONE, dateStyle: 'medium' }),
      nf: new Intl.NumberFormat(locale),
    };
    formatsByLocale.set(locale, f);
  }
  return f;
}

export function useFormat(): Formatters {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  return useMemo(() => {
    const { dt, d, nf } = formatsOf(localeOf(language));
    const place = (id: string): string => t(`places.${id}`, { defaultValue: id.replace(/-/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase()) });
    return {
      dateTime: (v) => dt.format(new Date(v)),
      date: (v) => d.format(new Date(v)),
      number: (n) => nf.format(n),
      duration: (ms) => {
        const abs = Math.abs(ms);
        const days = Math.floor(abs / DAY);
        const hours = Math.floor((abs % DAY) / HOUR);
        const minutes = Math.floor((abs % HOUR) / 60_000);
        if (days > 0) return t('duration.daysHours', { days: nf.format(days), hours: nf.format(hours) });
        if (hours > 0) return t('duration.hoursMinutes', { hours: nf.format(hours), minutes: nf.format(minutes) });
        return t('duration.minutes', { minutes: nf.format(minutes) });
      },
      role: (id) => t(`roles.${id}`, { defaultValue: id }),
      packLabel: (item, key) => (language !== 'ur' ? item.label : (item.labelUr ?? (key ? t(key, { defaultValue: item.label }) : item.label))),
      list: (items) => items.join(t('common.separator')),
      jurisdiction: (j) => [j.policeStation, j.district, j.province].filter((p): p is string => Boolean(p)).map(place).join(t('common.separator')),
      place,
    };
  }, [t, language]);
}
