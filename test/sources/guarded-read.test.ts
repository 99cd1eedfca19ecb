// Every input file goes through one guarded read: a FIFO, a device or a directory is refused at once with a
// located message, and an oversized file is refused by its cap (issue 10, defect 3: `explain --facts` on a FIFO
// hung, on /dev/zero it grew to gigabytes). The CLI test drives `sopflow explain --facts` itself.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SOURCE_BYTES, readGuardedText } from '../../sources/guarded-read';
import { loadBundleFile, loadFactsFile } from '../../sources/load-sources';
import { SourceError } from '../../sources/located-error';
import { memoryReader } from '../../sources/source-reader';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin', 'sopflow.mjs');
const PACK = 'sop-definitions/punjab/punjab-2026.1.yaml';

function refusal(read: () => unknown): string[] {
  try {
    read();
  } catch (err) {
    if (err instanceof SourceError) return err.lines();
    throw err;
  }
  throw new Error('expected a SourceError');
}

/** `sopflow explain` killed after 15 s: a hang (or a read that never ends) fails here instead of stalling the run. */
function explain(facts: string): { status: number | null; stderr: string } {
  const run = spawnSync(process.execPath, [BIN, 'explain', PACK, '--facts', facts], { cwd: ROOT, encoding: 'utf8', timeout: 15_000 });
  if (run.error) throw new Error(`sopflow explain did not finish: ${run.error.message}`);
  return { status: run.status, stderr: run.stderr };
}

describe('guarded read', () => {
  let tmp = '';
  let fifo = '';
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-guarded-read-'));
    fifo = path.join(tmp, 'facts.fifo');
    execFileSync('mkfifo', [fifo]);
  });
  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('`explain --facts <FIFO>` is refused at once with the file named, not a hang', () => {
    const run = explain(fifo);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`${path.relative(ROOT, fifo)}: is a FIFO (named pipe), not a regular file; give a file\n`);
  });

  it('`explain --facts /dev/zero` is refused at once, not read', () => {
    const run = explain('/dev/zero');
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`${path.relative(ROOT, '/dev/zero')}: is a device, not a regular file; give a file\n`);
  });

  it('a directory, a missing file and a FIFO given as a pack are refused the same way', () => {
    expect(refusal(() => readGuardedText(tmp, 'sop'))).toEqual([expect.stringMatching(/: is a directory, not a regular file; give a file$/)]);
    expect(refusal(() => readGuardedText(path.join(tmp, 'none.yaml'), 'sop'))).toEqual([expect.stringMatching(/none\.yaml: file not found$/)]);
    expect(refusal(() => loadBundleFile(fifo))).toEqual([expect.stringMatching(/facts\.fifo: is a FIFO/)]);
  });

  it('a facts file over its cap is refused at line 1 with the cap; binary text is refused', () => {
    const big = path.join(tmp, 'big.json');
    fs.writeFileSync(big, `"${'x'.repeat(MAX_SOURCE_BYTES.facts)}"`);
    expect(refusal(() => loadFactsFile(big))).toEqual([`${path.relative(process.cwd(), big)}:1:1: file is ${MAX_SOURCE_BYTES.facts + 2} bytes; a facts file may be at most ${MAX_SOURCE_BYTES.facts}`]);
    const binary = path.join(tmp, 'binary.json');
    fs.writeFileSync(binary, Buffer.from([0xff, 0xfe, 0x00]));
    expect(refusal(() => loadFactsFile(binary))).toEqual([`${path.relative(process.cwd(), binary)}:1:1: file is binary or not UTF-8 text`]);
  });

  it('the in-memory reader loads a pack with the overlays beside it, like the disk', () => {
    const files = Object.fromEntries(
      [PACK, ...fs.readdirSync(path.join(ROOT, 'sop-definitions/overlays')).map((f) => `sop-definitions/overlays/${f}`)].map((f) => [f, fs.readFileSync(path.join(ROOT, f), 'utf8')]),
    );
    const fromMemory = loadBundleFile(PACK, { reader: memoryReader(files) });
    expect(fromMemory).toEqual(loadBundleFile(path.join(ROOT, PACK)));
    expect(fromMemory.overlays.map((o) => o.id)).toEqual(['ata-1997', 'anti-rape-2021', 'jjsa-2018', 'cnsa-1997']);
  });
});
