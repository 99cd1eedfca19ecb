// The web app's built files (web/dist, made by scripts/build-web.ts) served at /app/. Any other path under /app/
// is one of the app's own pages, so it gets index.html and the app's router takes over. Hashed assets are cached
// for good; index.html never, so a new build is picked up at once.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where scripts/build-web.ts puts the built app. */
export const WEB_DIST_DIR = fileURLToPath(new URL('../../web/dist/', import.meta.url));

export interface WebAppOptions {
  /** The directory vite built into. */
  distDir: string;
}

const MISSING = `<!doctype html><meta charset="utf-8"><title>sopflow</title><p>The web app is not built. Run <code>npm run web:build</code> (npm start does it by itself).</p>`;

export async function serveWebApp(app: FastifyInstance, options: WebAppOptions): Promise<void> {
  const dist = path.resolve(options.distDir);
  const index = path.join(dist, 'index.html');
  if (fs.existsSync(index)) {
    await app.register(fastifyStatic, {
      root: dist,
      prefix: '/app/',
      index: false,
      wildcard: false,
      setHeaders: (reply, file) => {
        void reply.header('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  const page = (): { html: string } => ({ html: fs.existsSync(index) ? fs.readFileSync(index, 'utf8') : MISSING });
  const sendIndex = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    // A missing asset is a 404, not the app's page (a browser would try to run HTML as a script).
    if (request.url.startsWith('/app/assets/')) return reply.callNotFound();
    await reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(page().html);
  };
  app.get('/app', { config: { public: true }, schema: { hide: true } }, (_request, reply) => reply.redirect('/app/'));
  app.get('/app/', { config: { public: true }, schema: { hide: true } }, sendIndex);
  app.get('/app/*', { config: { public: true }, schema: { hide: true } }, sendIndex);
}
