// Saved views of a page: list (mine and my office's shared ones), save, delete (only my own). Any signed-in
// person may keep views; a view only stores filters, and the listing they drive is scoped by the server anyway.
import crypto from 'node:crypto';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf } from '../auth/authentication';
import { ApiProblem, problemResponses } from '../problem';
import { savedView, savedViewBody, savedViewPage, type SavedViewsPort, type StoredView } from './saved-views-port';

const secured = { security: [{ bearer: [] }], tags: ['saved views'] };
/** Enough for anyone's habits; it keeps one person from filling the table. */
const MAX_VIEWS_PER_PERSON = 50;

export const savedViewRoutes: FastifyPluginCallbackZod<{ views: SavedViewsPort; now?: () => number }> = (app, { views, now = Date.now }, done) => {
  const asView = (v: StoredView, subject: string): z.infer<typeof savedView> => ({
    viewId: v.viewId,
    page: v.page,
    name: v.name,
    filters: v.filters,
    shared: v.shared,
    mine: v.owner === subject,
    createdAt: new Date(v.createdAt).toISOString(),
  });
  const personOnly = (request: Parameters<typeof callerOf>[0]): ReturnType<typeof callerOf> => {
    const caller = callerOf(request);
    if (caller.kind !== 'user') throw new ApiProblem(403, 'forbidden-role', 'saved views are for people, not source systems');
    return caller;
  };

  app.get(
    '/saved-views',
    {
      schema: {
        ...secured,
        summary: 'My saved views of a page, and those shared in my office',
        querystring: z.object({ page: savedViewPage }).strict(),
        response: { 200: z.object({ views: z.array(savedView) }), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const caller = personOnly(request);
      const found = await views.list(caller.subject, caller.jurisdiction, request.query.page);
      return { views: found.map((v) => asView(v, caller.subject)) };
    },
  );

  app.post(
    '/saved-views',
    {
      config: { audit: 'saved-view.save' },
      schema: { ...secured, summary: 'Save a view (its office is my jurisdiction)', body: savedViewBody, response: { 201: savedView, ...problemResponses(400, 401, 403, 409) } },
    },
    async (request, reply) => {
      const caller = personOnly(request);
      const mine = (await views.list(caller.subject, caller.jurisdiction, request.body.page)).filter((v) => v.owner === caller.subject);
      if (mine.length >= MAX_VIEWS_PER_PERSON) throw new ApiProblem(409, 'too-many-views', `you have ${MAX_VIEWS_PER_PERSON} saved views of this page; delete one first`);
      const stored: StoredView = { viewId: crypto.randomUUID(), owner: caller.subject, office: caller.jurisdiction, ...request.body, createdAt: now() };
      await views.save(stored);
      void reply.status(201);
      return asView(stored, caller.subject);
    },
  );

  app.delete(
    '/saved-views/:viewId',
    {
      config: { audit: 'saved-view.delete' },
      schema: { ...secured, summary: 'Delete one of my saved views', params: z.object({ viewId: z.uuid() }), response: { 204: z.null(), ...problemResponses(400, 401, 403, 404) } },
    },
    async (request, reply) => {
      const caller = personOnly(request);
      // Another person's view, shared or not, is "not found" to me: only its owner may delete it.
      if (!(await views.remove(caller.subject, request.params.viewId))) throw new ApiProblem(404, 'not-found', 'no such resource');
      return reply.status(204).send(null);
    },
  );
  done();
};
