// Publishing an SOP pack to the workers' registry: an SOP author of the pack's province sends the pack's YAML
// (with the overlays it enables), the API loads it as the CLI does (every problem located by file, line and
// field), and the registry keeps it by content hash, from where workers resolve the cases pinned to it.
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SopStore } from '../../activities/sop-store';
import { loadBundle } from '../../rules/loader/load-sop';
import { callerOf } from '../auth/authentication';
import { mayAct } from '../auth/authorisation';
import { ApiProblem, problemResponses } from '../problem';

const MAX_SOURCE_CHARS = 512 * 1024;
const source = z
  .object({
    file: z.string().min(1).max(200).regex(/^[A-Za-z0-9._\-/]+$/, 'must be a file name of letters, digits and . _ - /'),
    text: z.string().min(1).max(MAX_SOURCE_CHARS, `must be at most ${MAX_SOURCE_CHARS / 1024} KiB`),
  })
  .strict();

const publishBody = z.object({ pack: source, overlays: z.array(source).max(20).default([]) }).strict();
const published = z
  .object({
    hash: z.string(),
    province: z.string(),
    version: z.string(),
    /** "shipped": workers already ship this content; "already-published": published before; nothing changed. */
    status: z.enum(['published', 'already-published', 'shipped']),
  })
  .meta({ id: 'PublishedSopPack' });

export const sopPublishRoute: FastifyPluginCallbackZod<{ registry: Pick<SopStore, 'publish'> }> = (app, { registry }, done) => {
  app.post(
    '/sop-packs',
    {
      schema: {
        security: [{ bearer: [] }],
        tags: ['sop-packs'],
        summary: 'Publish an SOP pack (YAML, with the overlays it enables) to the registry workers resolve cases from',
        body: publishBody,
        response: { 201: published, 200: published, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      // The role first, before the pack is read; then its province against the author's.
      const asAuthor = mayAct(caller, { kind: 'sop.publish', province: caller.jurisdiction.province ?? '' });
      if (!asAuthor.ok) throw new ApiProblem(asAuthor.status, asAuthor.code, asAuthor.detail);
      const loaded = loadBundle(request.body.pack, request.body.overlays);
      if (!loaded.ok) {
        throw new ApiProblem(400, 'invalid-sop-pack', 'the pack does not load', loaded.errors.slice(0, 50).map((e) => ({ path: `${e.file}:${e.line}:${e.col}${e.path ? ` ${e.path}` : ''}`, message: e.message })));
      }
      const { pack } = loaded.value;
      const decision = mayAct(caller, { kind: 'sop.publish', province: pack.province });
      if (!decision.ok) throw new ApiProblem(decision.status, decision.code, decision.detail);
      const result = await registry.publish(loaded.value);
      return reply.code(result.status === 'published' ? 201 : 200).send({ ...result, province: pack.province, version: pack.version });
    },
  );
  done();
};
