// Who is signed in, from the server's session (the browser holds no token, only the httpOnly cookie).
import { useQuery } from '@tanstack/react-query';
import { api, dataOf, setCsrfToken, type Schemas } from './client';

export type WebSession = Schemas['WebSession'];

export function useSession(): { session: WebSession | undefined; loading: boolean } {
  const q = useQuery({
    queryKey: ['session'],
    queryFn: async () => {
      const s = dataOf(await api.GET('/app/auth/session'));
      setCsrfToken(s.csrf);
      return s;
    },
    staleTime: 60_000,
  });
  return { session: q.data, loading: q.isPending };
}

export function signInUrl(returnTo: string = window.location.pathname): string {
  return `/app/auth/login?${new URLSearchParams({ return: returnTo }).toString()}`;
}

/** Signing out is not an API call (the route is the server's session, outside the OpenAPI document). */
export async function signOut(csrf: string | null): Promise<void> {
  await fetch('/app/auth/logout', { method: 'POST', headers: csrf ? { 'x-sopflow-csrf': csrf } : {} });
  window.location.assign('/app/');
}
