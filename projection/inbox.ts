// The supervisors' inbox from the read model: open escalation tasks within a jurisdiction, soonest SLA first,
// paged by keyset (sla_due_at, case_id, escalation_id; tasks with no SLA last), with the filters a supervisor
// uses. The cursor is opaque and carries no personal data (ids and an instant only).
import { sql, type Expression, type SqlBool } from 'kysely';
import type { ReadModelDb } from './read-model';

export interface InboxScope {
  province: string;
  district?: string;
  policeStation?: string;
}

export interface InboxFilter {
  role?: string;
  /** Any of these roles (a supervisor holding several); an empty list matches nothing. */
  roles?: string[];
  level?: number;
  /** Default: open and acknowledged. */
  status?: ('open' | 'acknowledged' | 'resolved' | 'closed')[];
  policeStation?: string;
  offenceClass?: string;
  /** Tasks raised by the breach of this clock id. */
  breachedClock?: string;
  /** Tasks whose SLA falls due (they climb) before this instant. */
  climbingBefore?: number;
}

export interface InboxItem {
  caseId: string;
  escalationId: string;
  province: string;
  district: string;
  policeStation: string;
  offenceClass: string;
  role: string;
  level: number;
  status: string;
  slaDueAt: number | null;
  openedAt: number;
  cause: { kind: string; ref: string };
}

export interface InboxPage {
  items: InboxItem[];
  /** Pass back as `after` for the next page; null on the last. */
  next: string | null;
}

interface Cursor {
  s: number | null;
  c: string;
  e: string;
}

function decodeCursor(after: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(after, 'base64url').toString('utf8')) as Cursor;
    if ((c.s === null || typeof c.s === 'number') && typeof c.c === 'string' && typeof c.e === 'string') return c;
  } catch {
    // fall through to the one-line error
  }
  throw new Error('inbox: the page cursor (after) is not one this server issued');
}

export async function inboxPage(db: ReadModelDb, scope: InboxScope, filter: InboxFilter = {}, page: { limit?: number; after?: string } = {}): Promise<InboxPage> {
  const limit = Math.min(Math.max(page.limit ?? 50, 1), 500);
  let q = db
    .selectFrom('escalations')
    .selectAll()
    .where('province', '=', scope.province)
    .where('status', 'in', filter.status ?? ['open', 'acknowledged']);
  if (scope.district) q = q.where('district', '=', scope.district);
  if (scope.policeStation) q = q.where('police_station', '=', scope.policeStation);
  if (filter.policeStation) q = q.where('police_station', '=', filter.policeStation);
  if (filter.role) q = q.where('role', '=', filter.role);
  if (filter.roles) {
    if (filter.roles.length === 0) return { items: [], next: null };
    q = q.where('role', 'in', filter.roles);
  }
  if (filter.level !== undefined) q = q.where('level', '=', filter.level);
  if (filter.offenceClass) q = q.where('offence_class', '=', filter.offenceClass);
  if (filter.breachedClock) q = q.where('cause_kind', '=', 'clock-breach').where('cause_ref', '=', filter.breachedClock);
  if (filter.climbingBefore !== undefined) q = q.where('sla_due_at', '<', filter.climbingBefore);
  if (page.after) {
    const c = decodeCursor(page.after);
    q = q.where(
      c.s === null
        ? sql<SqlBool>`sla_due_at IS NULL AND (case_id, escalation_id) > (${c.c}, ${c.e})`
        : (sql<SqlBool>`((sla_due_at, case_id, escalation_id) > (${c.s}, ${c.c}, ${c.e}) OR sla_due_at IS NULL)` as Expression<SqlBool>),
    );
  }
  const rows = await q.orderBy(sql`sla_due_at ASC NULLS LAST`).orderBy('case_id').orderBy('escalation_id').limit(limit + 1).execute();
  const items = rows.slice(0, limit).map(
    (r): InboxItem => ({
      caseId: r.case_id,
      escalationId: r.escalation_id,
      province: r.province,
      district: r.district,
      policeStation: r.police_station,
      offenceClass: r.offence_class,
      role: r.role,
      level: r.level,
      status: r.status,
      slaDueAt: r.sla_due_at === null ? null : Number(r.sla_due_at),
      openedAt: Number(r.opened_at),
      cause: { kind: r.cause_kind, ref: r.cause_ref },
    }),
  );
  const last = items[items.length - 1];
  const next = rows.length > limit && last ? Buffer.from(JSON.stringify({ s: last.slaDueAt, c: last.caseId, e: last.escalationId } satisfies Cursor)).toString('base64url') : null;
  return { items, next };
}
