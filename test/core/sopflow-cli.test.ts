// The `sopflow` authoring commands as a user runs them: exit codes, stdout, stderr.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const punjab = 'sop-definitions/punjab/punjab-2026.1.yaml';
const proposal = 'sop-definitions/punjab/punjab-2026.2-proposal.yaml';

function sopflow(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/sopflow.mjs', ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('sopflow test', () => {
  it('runs a scenario and prints pass per step, exit 0', () => {
    const r = sopflow('test', 'sop-definitions/punjab/scenarios/01-theft-no-interim-report.yaml');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/pass {2}day 18 +check/);
    expect(r.stdout).toMatch(/1 passed, 0 failed/);
  });

  it('exits 1 and says which step failed and why when the SOP does not do what the scenario says', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-scenario-'));
    const text = fs
      .readFileSync(path.join(root, 'sop-definitions/punjab/scenarios/01-theft-no-interim-report.yaml'), 'utf8')
      .replace('pack: ../punjab-2026.1.yaml', `pack: ${path.join(root, punjab)}`)
      .replace('escalations: [{ rule: interim-report, role: sho, level: 2, status: open }]', 'escalations: [{ rule: interim-report, role: sdpo }]');
    fs.writeFileSync(path.join(dir, 'wrong.yaml'), text);
    const r = sopflow('test', path.join(dir, 'wrong.yaml'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL {2}day 18/);
    expect(r.stdout).toMatch(/missing escalation interim-report→sdpo/);
    expect(r.stdout).toMatch(/unexpected escalation interim-report→sho L2 open/);
  });

  it('--json gives machine-readable results', () => {
    const r = sopflow('test', '--json', 'sop-definitions/punjab/scenarios/01-theft-no-interim-report.yaml');
    const json = JSON.parse(r.stdout) as { passed: number; failed: number; results: { report: { escalationTrace: { role: string; at: string }[] } }[] };
    expect(json.failed).toBe(0);
    expect(json.results[0]!.report.escalationTrace.slice(0, 2)).toMatchObject([
      { role: 'sho', at: 'day 18 00:00' },
      { role: 'sdpo', at: 'day 21 00:00' },
    ]);
  });
});

describe('sopflow diff', () => {
  it('reports the clock whose duration and escalation target changed, and nothing else semantic', () => {
    const r = sopflow('diff', '--json', punjab, proposal);
    expect(r.code).toBe(0);
    const diff = JSON.parse(r.stdout) as { sections: Record<string, { id: string; fields: { path: string; before: unknown; after: unknown }[] }[]> };
    // The proposal's five days depart from s.9(5)'s three, so its citation no longer claims verified law.
    const changed = diff.sections.clocks ?? [];
    expect(changed.map((c) => c.id)).toEqual(['scrutiny-return']);
    const fields = changed[0]!.fields;
    expect(fields.map((f) => f.path)).toEqual(['citation.confidence', 'citation.note', 'citation.verified', 'duration.amount', 'label', 'onBreach.startAt']);
    const at = (p: string) => fields.find((f) => f.path === p)!;
    expect([at('duration.amount').before, at('duration.amount').after]).toEqual([3, 5]);
    expect([at('onBreach.startAt').before, at('onBreach.startAt').after]).toEqual(['ddpp', 'dpp']);
    expect([at('citation.verified').before, at('citation.verified').after]).toEqual([true, false]);
    expect([at('citation.confidence').before, at('citation.confidence').after]).toEqual(['high', 'unverified']);
    expect(diff.sections.gates).toEqual([]);
    expect(diff.sections.ladders).toEqual([]);
  });

  it('says so when two versions mean the same', () => {
    expect(sopflow('diff', punjab, punjab).stdout).toMatch(/no semantic changes/);
  });
});

describe('sopflow graph', () => {
  it('draws stages, gated transitions both ways, and the clocks each stage runs (Mermaid)', () => {
    const r = sopflow('graph', punjab);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('stateDiagram-v2');
    expect(r.stdout).toContain('scrutiny --> fit_for_trial : SCRUTINY_COMPLETED [gate challan-scrutiny] passes');
    expect(r.stdout).toContain('scrutiny --> returned_for_defects : SCRUTINY_COMPLETED [gate challan-scrutiny] fails');
    expect(r.stdout).toMatch(/note right of scrutiny\n\s+⏱ scrutiny-return: 3 days \(s\.9\(5\)\)/);
  });

  it('also speaks Graphviz DOT, and refuses other formats', () => {
    expect(sopflow('graph', punjab, '--format', 'dot').stdout).toMatch(/^digraph "punjab-2026\.1" \{/);
    const bad = sopflow('graph', punjab, '--format', 'svg');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--format must be mermaid or dot/);
  });
});

describe('sopflow explain', () => {
  it('names the overlays that apply with the comparisons that decided it, and the clocks a special law suspends', () => {
    const r = sopflow('explain', punjab, '--facts', 'sop-definitions/examples/facts-murder-terrorism.json', '--json');
    expect(r.code).toBe(0);
    const x = JSON.parse(r.stdout) as {
      overlays: { id: string; applied: boolean; comparisons: { fact: string; factValue: unknown }[] }[];
      suspended: { clock: string; overlay: string }[];
      gates: { id: string; passed: boolean; objections: string[] }[];
    };
    expect(x.overlays.filter((o) => o.applied).map((o) => o.id)).toEqual(['ata-1997']);
    expect(x.overlays.find((o) => o.id === 'ata-1997')!.comparisons).toEqual([
      { fact: 'offence.terrorism', operator: 'equal', value: true, factValue: true, result: true },
    ]);
    expect(x.suspended.map((s) => s.clock)).toEqual(expect.arrayContaining(['investigation', 'interim-report']));
    expect(x.gates.find((g) => g.id === 'challan-scrutiny')).toMatchObject({
      passed: false,
      objections: ['missing-postmortem-report', 'missing-medico-legal-report'],
    });
  });

  it('refuses facts that are not valid case facts, naming the field', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-facts-'));
    fs.writeFileSync(path.join(dir, 'facts.json'), JSON.stringify({ province: 'punjab', district: 'x', policeStation: 'y', fir: { number: '1', year: 2026 }, offence: { class: 42 } }));
    const r = sopflow('explain', punjab, '--facts', path.join(dir, 'facts.json'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/facts\.offence\.class: Invalid input: expected string/);
  });
});
