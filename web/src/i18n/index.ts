// English and Urdu through i18next. Every string the app shows is a key in en.json and ur.json (the same keys:
// test/web checks). A key missing from the active language shows as ⟦key⟧, never as English in an Urdu page,
// so a browser test can find it. Urdu is right to left and set in Noto Nastaliq Urdu (self-hosted, styles.css).
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import ur from './ur.json';

export const LANGUAGES = ['en', 'ur'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORE = 'sopflow.language';

const stored = (): Language => {
  const v = window.localStorage.getItem(STORE);
  return v === 'ur' ? 'ur' : 'en';
};

void i18next.use(initReactI18next).init({
  resources: { en: { translation: en }, ur: { translation: ur } },
  lng: stored(),
  fallbackLng: false,
  interpolation: { escapeValue: false },
  // A caller's explicit defaultValue (a pack's own label for an id the app does not translate) is meant; else the marker.
  parseMissingKeyHandler: (key, defaultValue) => defaultValue ?? `⟦${key}⟧`,
  returnNull: false,
});

function applyDocument(lng: string): void {
  document.documentElement.lang = lng;
  document.documentElement.dir = i18next.dir(lng);
}
applyDocument(i18next.language);
i18next.on('languageChanged', (lng) => {
  applyDocument(lng);
  window.localStorage.setItem(STORE, lng);
});

export function setLanguage(lng: Language): void {
  void i18next.changeLanguage(lng);
}

/** The locale dates and numbers are written in: Pakistani English, or Urdu (Latin digits, as offices write them). */
export function localeOf(lng: string): string {
  return lng === 'ur' ? 'ur-PK' : 'en-PK';
}

export default i18next;
