// English and Urdu carry the same keys, none empty, the same {{placeholders}} in each pair, and every key the app's
// code names literally exists (a key used in code but missing would show as ⟦key⟧ in the browser).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import en from '../../web/src/i18n/en.json';
import ur from '../../web/src/i18n/ur.json';

const SRC = fileURLToPath(new URL('../../web/src/', import.meta.url));

function flatten(tree: Record<string, unknown>, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    if (v && typeof v === 'object') for (const [kk, vv] of flatten(v as Record<string, unknown>, `${prefix}${k}.`)) out.set(kk, vv);
    else out.set(`${prefix}${k}`, String(v));
  }
  return out;
}

const placeholders = (s: string): string[] => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!).sort();

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []));
}

describe('the web app\u2019s translations', () => {
  const english = flatten(en);
  const urdu = flatten(ur);

  it('have the same keys in English and Urdu, none empty, with the same placeholders', () => {
    expect([...urdu.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [key, text] of english) {
      expect(text.trim(), `en ${key}`).not.toBe('');
      expect(urdu.get(key)!.trim(), `ur ${key}`).not.toBe('');
      expect(placeholders(urdu.get(key)!), `placeholders of ${key}`).toEqual(placeholders(text));
    }
  });

  it('Urdu is written in Urdu: every sentence-like string has Arabic-script letters', () => {
    const words = (text: string): string => text.replace(/\{\{\w+\}\}/g, '');
    const latinOnly = [...urdu].filter(([key, text]) => /[A-Za-z]{3}/.test(words(text)) && !/[\u0600-\u06FF]/.test(text) && key !== 'language.en');
    expect(latinOnly).toEqual([]);
  });

  it('holds every key the code names literally', () => {
    const used = new Set<string>();
    for (const file of sourceFiles(SRC)) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/\bt\('([a-zA-Z][\w-]*(?:\.[\w-]+)+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(50);
    // A plural key is stored as key_one / key_other.
    const missing = [...used].filter((k) => !english.has(k) && !english.has(`${k}_other`));
    expect(missing).toEqual([]);
  });
});
