// Saved views: a person's named filters for a page (today the inbox), kept on the server so they follow the
// person to any browser, and shareable within their office (the same jurisdiction as their token). The store is
// the read model's saved_views table (read-model-saved-views.ts); tests may use it on PGlite.
import { z } from 'zod';
import type { Jurisdiction } from '../auth/caller';

/** The inbox's filters, exactly as GET /tasks takes them plus the app's own "breached clocks only". */
export const inboxViewFilters = z
  .object({
    climbingSoon: z.boolean().optional(),
    breachedOnly: z.boolean().optional(),
    breachedClock: z.string().regex(/^[a-z][a-z0-9_-]*$/).optional(),
    level: z.number().int().min(0).max(20).optional(),
    status: z.enum(['open', 'acknowledged']).optional(),
    policeStation: z.string().regex(/^[a-z0-9][a-z0-9-]*$/).optional(),
    offenceClass: z.string().regex(/^[a-z][a-z0-9_-]*$/).optional(),
  })
  .strict()
  .meta({ id: 'InboxViewFilters' });

export const savedViewPage = z.enum(['inbox']);

export const savedViewBody = z
  .object({
    page: savedViewPage,
    name: z.string().trim().min(1).max(80),
    filters: inboxViewFilters,
    shared: z.boolean().default(false).describe('visible to everyone in the same office (the same jurisdiction as yours)'),
  })
  .strict()
  .meta({ id: 'NewSavedView' });

export const savedView = z
  .object({
    viewId: z.string(),
    page: savedViewPage,
    name: z.string(),
    filters: inboxViewFilters,
    shared: z.boolean(),
    mine: z.boolean().describe('false: shared by someone else in your office'),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'SavedView' });
export type SavedView = z.infer<typeof savedView>;

export interface StoredView {
  viewId: string;
  owner: string;
  office: Jurisdiction;
  page: z.infer<typeof savedViewPage>;
  name: string;
  filters: z.infer<typeof inboxViewFilters>;
  shared: boolean;
  createdAt: number;
}

export interface SavedViewsPort {
  /** The owner's views of the page and the ones shared in `office`. */
  list(owner: string, office: Jurisdiction, page: string): Promise<StoredView[]>;
  save(view: StoredView): Promise<void>;
  /** Deletes the owner's own view; false when they have none with this id. */
  remove(owner: string, viewId: string): Promise<boolean>;
}
