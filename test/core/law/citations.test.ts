// Law is data: every clock, gate, ladder and tolling rule of the shipped packs and overlays cites its section with
// a `verified` flag, and every `verified: true` is backed by a row of the research (statutes.md) rated
// medium-high or above, for the same law and section, at no more confidence than the research gives.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { citation as citationSchema, type Citation } from '../../../rules/schema/common';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SOP_DIR = path.join(ROOT, 'sop-definitions');
const RANK = { unverified: 0, low: 1, medium: 2, 'medium-high': 3, high: 4 } as const;
type Level = keyof typeof RANK;

interface ResearchRow {
  text: string;
  levels: Level[];
}

/** Every table row of statutes.md that has a confidence column: its text (before the confidence) and the levels it names. */
function researchRows(markdown: string): ResearchRow[] {
  const rows: ResearchRow[] = [];
  let confCol = -1;
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) {
      confCol = -1;
      continue;
    }
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    if (cells.every((c) => /^-+$/.test(c))) continue;
    const header = cells.findIndex((c) => /^Conf\.?$/.test(c));
    if (header >= 0) {
      confCol = header;
      continue;
    }
    if (confCol < 0) continue;
    const conf = cells[confCol]!.toLowerCase();
    const levels = [...conf.matchAll(/medium-high|high|medium|low|unverified/g)].map((m) => m[0] as Level);
    rows.push({ text: cells.filter((_, i) => i !== confCol).join(' | ').replaceAll('**', ''), levels });
  }
  return rows;
}

// How the research names each law in its table rows.
const LAW_NAMES: [RegExp, string[]][] = [
  [/Limitation Act/, ['Limitation Act']],
  [/Code of Criminal Procedure|CrPC/, ['CrPC']],
  [/Anti-Terrorism/, ['Anti-Terrorism Act', 'ATA']],
  [/Juvenile Justice/, ['JJSA', 'Juvenile Justice']],
  [/Narcotic/, ['CNSA', 'Control of Narcotic', 'CNS']],
  [/Anti-Rape/, ['Anti-Rape']],
  [/^Punjab Criminal Prosecution/, ['Punjab']],
  [/^Sindh Criminal Prosecution/, ['Sindh']],
  [/^Khyber Pakhtunkhwa Prosecution/, ['KP']],
  [/^Balochistan/, ['Balochistan']],
  [/Police Order 2002/, ['Police Order 2002']],
  [/Khyber Pakhtunkhwa Police Act/, ['KP Police Act']],
];

/** The section's base token (s.173, Art.157, r.4): what a research row must name. */
function sectionToken(section: string): string | null {
  return /\b(s\.\s?\d+[A-Z]?|Art\.\s?\d+|r\.\s?\d+)/.exec(section)?.[1]?.replace(/\s/g, '') ?? null;
}

function backingRows(c: Citation, rows: readonly ResearchRow[]): ResearchRow[] {
  const names = LAW_NAMES.find(([re]) => re.test(c.law))?.[1] ?? [];
  const token = sectionToken(c.section);
  return rows.filter((r) => {
    if (!names.some((n) => r.text.includes(n))) return false;
    if (!token) return true;
    // The token must not run on into a longer number (s.17 is not s.173).
    return new RegExp(`${token.replace('.', '\\.')}(?![0-9])`).test(r.text.replaceAll(' ', ''));
  });
}

interface Found {
  file: string;
  where: string;
  citation: unknown;
}

/** Every clock, gate and ladder (with their tolling and extension citations) of every shipped pack and overlay. */
function shippedCitations(): { clocks: Found[]; all: Found[] } {
  const files = fs
    .readdirSync(SOP_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => fs.readdirSync(path.join(SOP_DIR, d.name)).filter((f) => f.endsWith('.yaml')).map((f) => path.join(d.name, f)));
  const clocks: Found[] = [];
  const all: Found[] = [];
  for (const file of files) {
    const doc = parse(fs.readFileSync(path.join(SOP_DIR, file), 'utf8')) as Record<string, unknown>;
    if (doc.kind !== 'sop-pack' && doc.kind !== 'sop-overlay') continue;
    const list = (key: string) => (Array.isArray(doc[key]) ? (doc[key] as Record<string, unknown>[]) : []);
    for (const clock of list('clocks')) {
      const found = { file, where: `clock ${String(clock.id)}`, citation: clock.citation };
      clocks.push(found);
      all.push(found);
      const tolling = clock.tolling as { citation?: unknown } | undefined;
      if (tolling) all.push({ file, where: `clock ${String(clock.id)} tolling`, citation: tolling.citation });
      const extension = clock.extension as { citation?: unknown } | undefined;
      if (extension?.citation) all.push({ file, where: `clock ${String(clock.id)} extension`, citation: extension.citation });
    }
    for (const gate of list('gates')) all.push({ file, where: `gate ${String(gate.id)}`, citation: gate.citation });
    for (const ladder of list('ladders')) if (ladder.citation) all.push({ file, where: `ladder ${String(ladder.id)}`, citation: ladder.citation });
    for (const s of [...list('suspend'), ...list('tighten')]) all.push({ file, where: `${String(s.clock)} (suspend/tighten)`, citation: s.citation });
  }
  return { clocks, all };
}

const research = researchRows(fs.readFileSync(path.join(SOP_DIR, 'research', 'statutes.md'), 'utf8'));
const { clocks, all } = shippedCitations();

describe('citations of the shipped packs and overlays', () => {
  it('reads the research tables (a rated row per deadline, hierarchy and special law)', () => {
    expect(research.length).toBeGreaterThanOrEqual(48);
    expect(research.some((r) => r.text.includes('CrPC s.173(1) proviso') && r.levels.includes('high'))).toBe(true);
  });

  it('every clock, in every pack and overlay, has a citation with section and verified', () => {
    expect(clocks.length).toBeGreaterThan(40);
    for (const c of clocks) {
      const parsed = citationSchema.safeParse(c.citation);
      expect(parsed.success, `${c.file}: ${c.where}: citation`).toBe(true);
    }
  });

  it('every verified: true is backed by a statutes.md row rated medium-high or above, at no more confidence', () => {
    const claims = all.map((f) => ({ ...f, c: citationSchema.parse(f.citation) })).filter((f) => f.c.verified);
    expect(claims.length).toBeGreaterThan(30);
    const problems: string[] = [];
    for (const { file, where, c } of claims) {
      if (RANK[c.confidence] < RANK['medium-high']) problems.push(`${file}: ${where}: verified with confidence ${c.confidence}`);
      const rows = backingRows(c, research);
      const best = Math.max(-1, ...rows.flatMap((r) => r.levels.map((l) => RANK[l])));
      if (best < RANK['medium-high']) problems.push(`${file}: ${where}: no statutes.md row at medium-high or above for ${c.law} ${c.section}`);
      else if (RANK[c.confidence] > best) problems.push(`${file}: ${where}: claims ${c.confidence}, the research gives at most ${Object.keys(RANK)[best]}`);
    }
    expect(problems).toEqual([]);
  });

  it("a pause the law does not provide is the SOP's reading, never verified", () => {
    expect(all.filter((f) => f.where.endsWith('tolling')).length).toBeGreaterThan(0);
    const packs = fs.readdirSync(SOP_DIR, { recursive: true, encoding: 'utf8' }).filter((p) => /^(?!research|schema|cohorts)[^/]+\/[^/]+\.yaml$/.test(p));
    for (const file of packs) {
      const doc = parse(fs.readFileSync(path.join(SOP_DIR, file), 'utf8')) as { clocks?: { id: string; pause?: unknown[]; tolling?: { basis: string; citation: Citation } }[] };
      for (const clock of doc.clocks ?? []) {
        if (!clock.pause || clock.pause.length === 0) continue;
        expect(clock.tolling, `${file}: clock ${clock.id} pauses, so it must cite its tolling`).toBeDefined();
        if (clock.tolling!.basis === 'sop-reading') expect(clock.tolling!.citation.verified, `${file}: clock ${clock.id} tolling`).toBe(false);
      }
    }
  });
});
