// The stage diagram of a pack, with the clocks each stage runs and the gates on its transitions, as Mermaid
// (renders in GitHub, GitLab and most wikis) or Graphviz DOT.
import type { ClockSpec } from '../schema/clock';
import type { SopPack } from '../schema/sop-pack';

interface Edge {
  from: string;
  to: string;
  label: string;
  gateFailure: boolean;
}

function edgesOf(pack: SopPack): Edge[] {
  const edges: Edge[] = [];
  for (const stage of pack.stages) {
    for (const t of stage.on) {
      const gates = pack.gates.filter((g) => g.at.stage === stage.id && g.at.event === t.event).map((g) => g.id);
      const gateText = gates.length > 0 ? ` [gate ${gates.join(', ')}]` : '';
      if (t.to) edges.push({ from: stage.id, to: t.to, label: `${t.event}${gates.length > 0 ? `${gateText} passes` : ''}`, gateFailure: false });
      if (t.onGateFail) edges.push({ from: stage.id, to: t.onGateFail, label: `${t.event}${gateText} fails`, gateFailure: true });
    }
  }
  return edges;
}

function durationText(c: ClockSpec): string {
  const units = { hours: 'h', calendarDays: ' days', workingDays: ' working days', months: ' months', years: ' years' } as const;
  const unit = units[c.duration.unit];
  return `${c.duration.amount}${unit}`;
}

/** Which stage a clock belongs to in the picture: where it starts (a stage entered, or where its event happens). */
function clockStages(pack: SopPack, clock: ClockSpec): string[] {
  const stages = new Set<string>();
  for (const t of clock.start) {
    if ('enterStage' in t) stages.add(t.enterStage);
    else if ('event' in t) {
      const sources = pack.stages.filter((s) => s.on.some((x) => x.event === t.event));
      if (sources.length > 0) sources.forEach((s) => stages.add(s.on.find((x) => x.event === t.event)?.to ?? s.id));
      else stages.add(pack.stages.find((s) => s.kind === 'initial')!.id);
    } else stages.add(t.leaveStage);
  }
  return [...stages];
}

const clockLine = (c: ClockSpec): string => `⏱ ${c.id}: ${durationText(c)} (${c.citation.section}${c.citation.verified ? '' : ', unverified'})`;

export function stageGraphMermaid(pack: SopPack): string {
  const lines = ['stateDiagram-v2', `    %% ${pack.title} — ${pack.province} ${pack.version}`];
  const initial = pack.stages.find((s) => s.kind === 'initial')!;
  lines.push(`    [*] --> ${initial.id}`);
  for (const s of pack.stages) lines.push(`    ${s.id} : ${s.label.replace(/:/g, ' -')}`);
  for (const e of edgesOf(pack)) lines.push(`    ${e.from} --> ${e.to} : ${e.label.replace(/:/g, ' -')}`);
  for (const s of pack.stages.filter((x) => x.kind === 'final')) lines.push(`    ${s.id} --> [*]`);
  for (const s of pack.stages) {
    const clocks = pack.clocks.filter((c) => clockStages(pack, c).includes(s.id));
    if (clocks.length === 0) continue;
    lines.push(`    note right of ${s.id}`);
    for (const c of clocks) lines.push(`        ${clockLine(c)}`);
    lines.push('    end note');
  }
  return `${lines.join('\n')}\n`;
}

const q = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export function stageGraphDot(pack: SopPack): string {
  const lines = [`digraph ${q(`${pack.province}-${pack.version}`)} {`, '  rankdir=LR;', '  node [shape=box, style=rounded];'];
  for (const s of pack.stages) {
    lines.push(`  ${q(s.id)} [label=${q(s.label)}${s.kind === 'final' ? ', peripheries=2' : s.kind === 'initial' ? ', style="rounded,bold"' : ''}];`);
  }
  for (const e of edgesOf(pack)) lines.push(`  ${q(e.from)} -> ${q(e.to)} [label=${q(e.label)}${e.gateFailure ? ', style=dashed, color=red' : ''}];`);
  for (const c of pack.clocks) {
    lines.push(`  ${q(`clock:${c.id}`)} [shape=note, label=${q(clockLine(c))}];`);
    for (const s of clockStages(pack, c)) lines.push(`  ${q(s)} -> ${q(`clock:${c.id}`)} [style=dotted, arrowhead=none];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
