// `npm run bench:validate`: how long `sopflow validate` takes on hostile packs near the 512 KB cap — a one-line
// flow map of 100,000 keys, 40,000 unknown keys at the top of the real Punjab pack, 60,000 nested in it.
// Prints one line per pack with the time, bytes, keys and errors found; asserts nothing (target ≤ 2 s each).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { validateFiles } from '../cli/commands/validate';
import { reportLines } from '../sources/located-error';

const ROOT = path.resolve(import.meta.dirname, '..');
const PACK = path.join(ROOT, 'sop-definitions/punjab/punjab-2026.1.yaml');
const TARGET_SECONDS = 2;

const base62 = (n: number): string => {
  const digits = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let s = '';
  do {
    s = digits[n % 62]! + s;
    n = Math.floor(n / 62);
  } while (n > 0);
  return `k${s}`;
};
const keys = (n: number): string[] => Array.from({ length: n }, (_, i) => base62(i));

const punjab = fs.readFileSync(PACK, 'utf8');
const packs: { name: string; text: string; keys: number }[] = [
  { name: 'one-line flow map, 100,000 keys', text: `${punjab}junk: {${keys(100_000).join(',')}}\n`, keys: 100_000 },
  { name: '40,000 unknown top-level keys', text: `${punjab}${keys(40_000).map((k) => `${k}:`).join('\n')}\n`, keys: 40_000 },
  { name: '60,000 keys nested under one field', text: `${punjab}junk:\n${keys(60_000).map((k) => ` ${k}:`).join('\n')}\n`, keys: 60_000 },
];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-bench-validate-'));
try {
  fs.cpSync(path.join(ROOT, 'sop-definitions/overlays'), path.join(dir, 'overlays'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'punjab'));
  console.log(`bench:validate — node ${process.version}, ${os.cpus().length} cores; target ≤ ${TARGET_SECONDS} s per pack`);
  for (const [i, pack] of packs.entries()) {
    const file = path.join(dir, 'punjab', `bench-${i}.yaml`);
    fs.writeFileSync(file, pack.text);
    const started = performance.now();
    const { problems } = validateFiles([file]);
    const lines = reportLines(problems);
    const seconds = (performance.now() - started) / 1000;
    const first = (lines[0] ?? '').replace(/^.*?bench-\d\.yaml/, 'pack');
    console.log(
      `${pack.name.padEnd(36)} ${(Buffer.byteLength(pack.text) / 1024).toFixed(0).padStart(4)} KB  ${seconds.toFixed(2).padStart(6)} s  ${seconds <= TARGET_SECONDS ? 'ok  ' : 'SLOW'}  ${problems.length} error(s), ${lines.length} line(s) printed; first: ${first}`,
    );
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
