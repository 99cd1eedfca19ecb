// The inbox's data: GET /tasks with the server's filters. The server scopes it to the caller's roles and
// jurisdiction and sorts by SLA; the app only asks and shows (another API may page it later: keep this thin).
import { useQuery } from '@tanstack/react-query';
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
}

const SOON_MS = 24 * 3_600_000;
/** The most the inbox route answers in one call; the list is virtualised, so all of them can be shown. */
export const INBOX_LIMIT = 10_000;

/** The first, small page: the most urgent tasks, so the inbox is usable before a long list has arrived. */
export const INBOX_HEAD = 100;

async function fetchTasks(filters: InboxFilters, limit: number): Promise<Task[]> {
  const query = {
    limit,
    ...(filters.level !== undefined ? { level: filters.level } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.breachedClock ? { breachedClock: filters.breachedClock } : {}),
    ...(filters.policeStation ? { policeStation: filters.policeStation } : {}),
    ...(filters.climbingSoon ? { climbingBefore: new Date(Date.now() + SOON_MS).toISOString() } : {}),
  };
  const { tasks } = dataOf(await api.GET('/tasks', { params: { query } }));
  return filters.breachedOnly ? tasks.filter((t) => t.breachedClock !== null) : tasks;
}

export interface Inbox {
  tasks: Task[] | undefined;
  /** True while only the first page is in: more may follow. */
  partial: boolean;
  isSuccess: boolean;
  isError: boolean;
  error: unknown;
}

/**
 * The inbox in two steps: the soonest-to-climb tasks first (the server sorts by SLA), then the whole list in the
 * background. When the read model's paged inbox replaces GET /tasks, the second step becomes its later pages.
 */
export function useInbox(filters: InboxFilters): Inbox {
  const head = useQuery({ queryKey: ['tasks', filters, 'head'], queryFn: () => fetchTasks(filters, INBOX_HEAD), refetchInterval: 60_000 });
  const more = head.isSuccess && head.data.length >= INBOX_HEAD;
  const all = useQuery({ queryKey: ['tasks', filters, 'all'], queryFn: () => fetchTasks(filters, INBOX_LIMIT), enabled: more, refetchInterval: 60_000 });
  const tasks = more ? (all.data ?? head.data) : head.data;
  return {
    tasks,
    partial: more && !all.isSuccess,
    isSuccess: head.isSuccess,
    isError: head.isError || all.isError,
    error: head.error ?? all.error,
  };
}
