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
/** The most the inbox route answers in one call today. */
export const INBOX_LIMIT = 500;

export function useInbox(filters: InboxFilters) {
  return useQuery({
    queryKey: ['tasks', filters],
    queryFn: async () => {
      const query = {
        limit: INBOX_LIMIT,
        ...(filters.level !== undefined ? { level: filters.level } : {}),
        ...(filters.status ? { status: filters.status } : {}),
        ...(filters.breachedClock ? { breachedClock: filters.breachedClock } : {}),
        ...(filters.policeStation ? { policeStation: filters.policeStation } : {}),
        ...(filters.climbingSoon ? { climbingBefore: new Date(Date.now() + SOON_MS).toISOString() } : {}),
      };
      const { tasks } = dataOf(await api.GET('/tasks', { params: { query } }));
      return filters.breachedOnly ? tasks.filter((t) => t.breachedClock !== null) : tasks;
    },
    refetchInterval: 60_000,
  });
}
