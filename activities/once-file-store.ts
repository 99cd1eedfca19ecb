// A directory of records written at most once each: the local default behind the notification outbox and the
// case-event sink. Each record is written to a temp file and hard-linked into place; link() refuses an existing
// name atomically, so retried activities and concurrent workers on one machine write a record exactly once and
// a reader never sees half a record.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export type PutResult = 'written' | 'already-there';

export class OnceFileStore<T> {
  constructor(readonly directory: string) {}

  private fileFor(id: string): string {
    // Ids carry slashes and colons (case ids); a digest makes a safe, fixed-length file name.
    return path.join(this.directory, `${createHash('sha256').update(id).digest('hex')}.json`);
  }

  async put(id: string, record: T): Promise<PutResult> {
    await fs.mkdir(this.directory, { recursive: true });
    const final = this.fileFor(id);
    const temp = path.join(this.directory, `.tmp-${randomBytes(8).toString('hex')}`);
    await fs.writeFile(temp, `${JSON.stringify({ id, record })}\n`, { mode: 0o600 });
    try {
      await fs.link(temp, final);
      return 'written';
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return 'already-there';
      throw err;
    } finally {
      await fs.rm(temp, { force: true });
    }
  }

  /** The record stored under `id`, or undefined. */
  async get(id: string): Promise<T | undefined> {
    let text: string;
    try {
      text = await fs.readFile(this.fileFor(id), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    const stored = JSON.parse(text) as { id: string; record: T };
    return stored.id === id ? stored.record : undefined;
  }

  async has(id: string): Promise<boolean> {
    return fs.access(this.fileFor(id)).then(
      () => true,
      () => false,
    );
  }

  /** Every record, ordered by id (for tests, exports and a sender draining the outbox). */
  async list(): Promise<{ id: string; record: T }[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.directory);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const entries = await Promise.all(
      names.filter((n) => n.endsWith('.json')).map(async (n) => JSON.parse(await fs.readFile(path.join(this.directory, n), 'utf8')) as { id: string; record: T }),
    );
    return entries.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}
