// Saved views in the read model's saved_views table (migration 005_saved_views), on PostgreSQL or PGlite.
import type { ReadModelDb } from '../../projection/read-model';
import { inboxViewFilters, type SavedViewsPort, type StoredView } from './saved-views-port';

export function readModelSavedViews(db: ReadModelDb): SavedViewsPort {
  return {
    async list(owner, office, page) {
      const rows = await db
        .selectFrom('saved_views')
        .selectAll()
        .where('page', '=', page)
        .where((eb) =>
          eb.or([
            eb('owner', '=', owner),
            eb.and([eb('shared', '=', true), eb('province', '=', office.province), eb('district', '=', office.district ?? ''), eb('police_station', '=', office.policeStation ?? '')]),
          ]),
        )
        .orderBy('created_at')
        .orderBy('view_id')
        .execute();
      return rows.flatMap((r): StoredView[] => {
        // A row is read back through the same schema it was written with; one that no longer fits is left out.
        const filters = inboxViewFilters.safeParse(JSON.parse(r.filters));
        if (!filters.success) return [];
        return [
          {
            viewId: r.view_id,
            owner: r.owner,
            office: { province: r.province as StoredView['office']['province'], ...(r.district ? { district: r.district } : {}), ...(r.police_station ? { policeStation: r.police_station } : {}) },
            page: 'inbox',
            name: r.name,
            filters: filters.data,
            shared: r.shared,
            createdAt: Number(r.created_at),
          },
        ];
      });
    },
    async save(v) {
      await db
        .insertInto('saved_views')
        .values({
          view_id: v.viewId,
          owner: v.owner,
          province: v.office.province,
          district: v.office.district ?? '',
          police_station: v.office.policeStation ?? '',
          page: v.page,
          name: v.name,
          filters: JSON.stringify(v.filters),
          shared: v.shared,
          created_at: v.createdAt,
        })
        .execute();
    },
    async remove(owner, viewId) {
      const r = await db.deleteFrom('saved_views').where('view_id', '=', viewId).where('owner', '=', owner).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
