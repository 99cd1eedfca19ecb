// The app's pages by path, under /app/. A small router of our own: the pages are few and the paths flat. Path
// parts are ids only (a case id, never a name or any personal data). Later pages register in ROUTES.
import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react';

export const BASE = '/app';

export type Route =
  | { page: 'inbox' }
  | { page: 'case'; caseId: string }
  | { page: 'studio' }
  | { page: 'kpis' }
  | { page: 'simulations' }
  | { page: 'not-found' };

/** Each page's path pattern; the first that matches wins. */
const ROUTES: { pattern: RegExp; route: (m: RegExpExecArray) => Route }[] = [
  { pattern: /^\/?$/, route: () => ({ page: 'inbox' }) },
  { pattern: /^\/cases\/([^/]+)$/, route: (m) => ({ page: 'case', caseId: decodeURIComponent(m[1]!) }) },
  { pattern: /^\/studio\/?$/, route: () => ({ page: 'studio' }) },
  { pattern: /^\/kpis\/?$/, route: () => ({ page: 'kpis' }) },
  { pattern: /^\/simulations\/?$/, route: () => ({ page: 'simulations' }) },
];

export function routeOf(pathname: string): Route {
  const inner = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname;
  for (const r of ROUTES) {
    const m = r.pattern.exec(inner);
    if (m) return r.route(m);
  }
  return { page: 'not-found' };
}

export const paths = {
  inbox: (): string => `${BASE}/`,
  case: (caseId: string): string => `${BASE}/cases/${encodeURIComponent(caseId)}`,
  studio: (): string => `${BASE}/studio`,
  kpis: (): string => `${BASE}/kpis`,
  simulations: (): string => `${BASE}/simulations`,
};

const CHANGE = 'sopflow:navigate';

export function navigate(to: string): void {
  window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(CHANGE));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => routeOf(window.location.pathname));
  useEffect(() => {
    const update = (): void => setRoute(routeOf(window.location.pathname));
    window.addEventListener('popstate', update);
    window.addEventListener(CHANGE, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(CHANGE, update);
    };
  }, []);
  return route;
}

/** An in-app link: a real href (open in a new tab works), navigated without a reload. */
export function Link({ to, children, ...rest }: { to: string; children: ReactNode } & AnchorHTMLAttributes<HTMLAnchorElement>): ReactNode {
  const onClick = (e: MouseEvent<HTMLAnchorElement>): void => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={onClick} {...rest}>
      {children}
    </a>
  );
}
