// The inbox's data: GET /tasks with the server's filters, page after page. The server scopes it to the caller's
// roles and jurisdiction, filters and sorts by SLA; the app only asks and shows.
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api, dataOf, type Schemas } from '../../api/client';

export type Task = Schemas['Task'];

/** What a person can filter on; a saved view stores exactly this. */
export interface InboxFilters {
  climbingSoon?: boolean;
  breachedOnly?: boolean;
  breachedClock?: string;
  level?: number;
  status?: 'open' | 'acknowledged';
  policeStation?: string;
  offenceClass?: string;
}

const SOON_MS = 24 * 3_600_000;
/** The most tasks the inbox holds; the list is virtualised, so all of them can be shown. */
export const INBOX_LIMIT = 10_000;
/** The first, small page: the most urgent tasks, so the inbox is usable before a long list has arrived. */
export const INBOX_HEAD = 100;
/** The API's page size for the rest. */
const PAGE = 500;

interface Page {
  tasks: Task[];
  next: string | null;
}

async function fetchPage(filters: InboxFilters, limit: number, after?: string): Promise<Page> {
  const query = {
    limit,
    ...(after ? { after } : {}),
    ...(filters.level !== undefined ? { level: filters.level } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.breachedClock ? { breachedClock: filters.breachedClock } : {}),
    ...(filters.policeStation ? { policeStation: filters.policeStation } : {}),
    ...(filters.offenceClass ? { offenceClass: filters.offenceClass } : {}),
    ...(filters.climbingSoon ? { climbingBefore: new Date(Date.now() + SOON_MS).toISOString() } : {}),
  };
  const page = dataOf(await api.GET('/tasks', { params: { query } }));
  return { tasks: filters.breachedOnly ? page.tasks.filter((t) => t.breachedClock !== null) : page.tasks, next: page.next };
}

/** Every page after the first, following the server's cursor, up to the inbox's bound. */
async function fetchRest(filters: InboxFilters, after: string, have: number): Promise<Task[]> {
  const out: Task[] = [];
  let cursor: string | null = after;
  while (cursor && have + out.length < INBOX_LIMIT) {
    const page = await fetchPage(filters, PAGE, cursor);
    out.push(...page.tasks);
    cursor = page.next;
  }
  return out;
}

export interface Inbox {
  tasks: Task[] | undefined;
  /** True while only the first page is in: more follow. */
  partial: boolean;
  isSuccess: boolean;
  isError: boolean;
  error: unknown;
}

/**
 * The inbox as the server pages it (sorted by SLA due): the first, small page at once, then the later pages in
 * the background. A server without paging answers one page (next: null) and that is the whole inbox.
 */
export function useInbox(filters: InboxFilters): Inbox {
  const head = useQuery({ queryKey: ['tasks', filters, 'head'], queryFn: () => fetchPage(filters, INBOX_HEAD), refetchInterval: 60_000 });
  const after = head.data?.next ?? null;
  const rest = useQuery({
    queryKey: ['tasks', filters, 'rest', after],
    queryFn: () => fetchRest(filters, after!, head.data!.tasks.length),
    enabled: after !== null,
  });
  const tasks = useMemo(() => (head.data ? (rest.data ? [...head.data.tasks, ...rest.data] : head.data.tasks) : undefined), [head.data, rest.data]);
  return {
    tasks,
    partial: after !== null && !rest.isSuccess,
    isSuccess: head.isSuccess,
    isError: head.isError || rest.isError,
    error: head.error ?? rest.error,
  };
}
