// The local outbox/sink store writes a record at most once, even when many writers race for the same id.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OnceFileStore } from '../../activities/once-file-store';

describe('OnceFileStore', () => {
  it('concurrent puts of one id write it once and keep the first record; other ids are independent', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'once-store-'));
    const store = new OnceFileStore<{ n: number }>(dir);
    const results = await Promise.all(Array.from({ length: 20 }, (_, n) => store.put('case/punjab/lahore/x/1-2026|e1', { n })));
    expect(results.filter((r) => r === 'written')).toHaveLength(1);
    await store.put('other', { n: 99 });
    const list = await store.list();
    expect(list.map((e) => e.id)).toEqual(['case/punjab/lahore/x/1-2026|e1', 'other']);
    expect(list[0]!.record.n).toBe(results.indexOf('written'));
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('.tmp'))).toEqual([]);
    expect(await store.has('other')).toBe(true);
    expect(await store.has('missing')).toBe(false);
  });

  it('an empty or missing directory lists nothing', async () => {
    expect(await new OnceFileStore(path.join(os.tmpdir(), `absent-${process.pid}-${Date.now()}`)).list()).toEqual([]);
  });
});
