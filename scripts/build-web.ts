// Builds the web app (web/ → web/dist) with Vite when its sources changed since the last build: a digest of
// every file under web/ (dist excepted) and of the lockfile is kept in web/dist/.build-digest, so `npm start`
// rebuilds only when there is something new (a build takes a few seconds; a skip takes milliseconds).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const WEB_DIR = path.join(ROOT, 'web');
const DIST = path.join(WEB_DIR, 'dist');
const DIGEST_FILE = path.join(DIST, '.build-digest');

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (full !== DIST && entry.name !== 'node_modules') out.push(...filesUnder(full));
    } else out.push(full);
  }
  return out;
}

/** What the build depends on: the app's files and the exact dependency versions. */
export function webSourceDigest(): string {
  const hash = crypto.createHash('sha256');
  for (const file of [...filesUnder(WEB_DIR), path.join(ROOT, 'package-lock.json')].sort()) {
    hash.update(path.relative(ROOT, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

export function webBuildIsCurrent(): boolean {
  return fs.existsSync(path.join(DIST, 'index.html')) && fs.existsSync(DIGEST_FILE) && fs.readFileSync(DIGEST_FILE, 'utf8') === webSourceDigest();
}

/** Builds when needed; says so when it does. Returns whether it built. */
export async function ensureWebBuild(options: { log?: (line: string) => void; force?: boolean } = {}): Promise<boolean> {
  if (!options.force && webBuildIsCurrent()) return false;
  const started = Date.now();
  options.log?.('building the web app (web/ → web/dist)…');
  const digest = webSourceDigest();
  // Imported here so a start with a current build never loads the bundler.
  const { build } = await import('vite');
  await build({ configFile: path.join(WEB_DIR, 'vite.config.ts'), logLevel: 'warn' });
  fs.writeFileSync(DIGEST_FILE, digest);
  options.log?.(`web app built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === fs.realpathSync(process.argv[1])) {
  const built = await ensureWebBuild({ log: (l) => console.log(`sopflow: ${l}`), force: process.argv.includes('--force') });
  if (!built) console.log('sopflow: the web app is up to date (web/dist)');
}
