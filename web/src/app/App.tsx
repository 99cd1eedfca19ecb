// The app: data through TanStack Query, sign-in from the server's session, then the page the path names.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { signInUrl, useSession } from '../api/session';
import { Layout } from '../components/Layout';
import { CasePage } from '../pages/case/CasePage';
import { InboxPage } from '../pages/inbox/InboxPage';
import { KpiPage } from '../pages/kpis/KpiPage';
import { SimulationPage } from '../pages/simulations/SimulationPage';
import { StudioPage } from '../pages/studio/StudioPage';
import { Link, paths, useRoute } from './router';

const queryClient = new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: false, retry: 1 } } });

export function App(): ReactNode {
  return (
    <QueryClientProvider client={queryClient}>
      <Shell />
    </QueryClientProvider>
  );
}

function Shell(): ReactNode {
  const { session, loading } = useSession();
  const { t } = useTranslation();
  const route = useRoute();
  let page: ReactNode;
  if (loading) page = <p>{t('common.loading')}</p>;
  else if (!session?.signedIn) page = <SignIn />;
  else if (route.page === 'inbox') page = <InboxPage />;
  else if (route.page === 'case') page = <CasePage key={route.caseId} caseId={route.caseId} />;
  else if (route.page === 'studio') page = <StudioPage province={session.user?.jurisdiction.province ?? 'punjab'} />;
  else if (route.page === 'kpis') page = <KpiPage session={session} />;
  else if (route.page === 'simulations') page = <SimulationPage province={session.user?.jurisdiction.province ?? 'punjab'} />;
  else
    page = (
      <section aria-labelledby="nf">
        <h1 id="nf">{t('notFound.title')}</h1>
        <Link to={paths.inbox()}>{t('case.back')}</Link>
      </section>
    );
  return <Layout session={session}>{page}</Layout>;
}

function SignIn(): ReactNode {
  const { t } = useTranslation();
  const why = new URLSearchParams(window.location.search).get('signin');
  return (
    <section className="sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t('auth.title')}</h1>
      <p>{t('auth.prompt')}</p>
      {why === 'failed' || why === 'expired' ? <p className="message message-error">{t(`auth.${why}`)}</p> : null}
      <a className="button" href={signInUrl(window.location.pathname.startsWith('/app/') ? window.location.pathname : '/app/')} data-testid="sign-in">
        {t('auth.signIn')}
      </a>
    </section>
  );
}
