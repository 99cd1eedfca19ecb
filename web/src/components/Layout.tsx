// The frame of every page: the app's name, the signed-in person's role and jurisdiction, the pages, the language.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { WebSession } from '../api/session';
import { signOut } from '../api/session';
import { Link, paths } from '../app/router';
import { LANGUAGES, setLanguage, type Language } from '../i18n/index';
import { useFormat } from '../i18n/format';

/**
 * The SOP staff's roles: they read packs (the studio), not inboxes; the dashboard is the supervisors' and the
 * analysts'. Only which links are offered: the server decides what each page may load (api/auth/authorisation.ts).
 */
const STAFF_ONLY = new Set(['policy_analyst', 'sop_author', 'auditor']);

export function Layout({ session, children }: { session: WebSession | undefined; children: ReactNode }): ReactNode {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const user = session?.user ?? null;
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="app-header">
        <Link to={paths.inbox()} className="app-name">
          {t('app.name')}
        </Link>
        {user ? (
          <nav aria-label={t('nav.label')}>
            <Link to={paths.inbox()}>{t('nav.inbox')}</Link>
            {user.roles.some((r) => !STAFF_ONLY.has(r) || r === 'policy_analyst') ? <Link to={paths.kpis()}>{t('nav.kpis')}</Link> : null}
            {user.roles.some((r) => STAFF_ONLY.has(r)) ? <Link to={paths.studio()}>{t('nav.studio')}</Link> : null}
            {user.roles.includes('policy_analyst') ? <Link to={paths.simulations()}>{t('nav.simulations')}</Link> : null}
          </nav>
        ) : null}
        <div className="app-user">
          {user ? (
            <span data-testid="signed-in-as">
              {t('auth.signedInAs', { roles: f.list(user.roles.map(f.role)), place: f.jurisdiction(user.jurisdiction) })}
            </span>
          ) : null}
          <label className="language">
            <span>{t('language.label')}</span>
            <select value={i18n.language} onChange={(e) => setLanguage(e.target.value as Language)} data-testid="language">
              {LANGUAGES.map((l) => (
                <option key={l} value={l} lang={l}>
                  {t(`language.${l}`)}
                </option>
              ))}
            </select>
          </label>
          {user ? (
            <button type="button" onClick={() => void signOut(session?.csrf ?? null)}>
              {t('auth.signOut')}
            </button>
          ) : null}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
