// The stage diagram, drawn as SVG from the API's Mermaid source (GET …/stage-graph): stages in columns by their
// distance from the first stage, transitions as arrows. Drawn here rather than by the mermaid package, which is
// large and would be the app's heaviest dependency for one picture; the source is offered beside it for authors.
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, dataOf } from '../../api/client';

interface Graph {
  stages: { id: string; label: string }[];
  edges: { from: string; to: string; label: string }[];
  initial: string | null;
}

/** The stateDiagram-v2 lines stage-graph.ts writes: `id : label`, `a --> b : event`, `[*] --> first`. */
export function parseStateDiagram(source: string): Graph {
  const stages = new Map<string, string>();
  const edges: Graph['edges'] = [];
  let initial: string | null = null;
  let inNote = false;
  for (const raw of source.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('note ')) inNote = true;
    if (inNote) {
      if (line === 'end note') inNote = false;
      continue;
    }
    const edge = /^(\[\*\]|[\w-]+)\s*-->\s*(\[\*\]|[\w-]+)(?:\s*:\s*(.*))?$/.exec(line);
    if (edge) {
      const [, a, b, label] = edge;
      if (a === '[*]') initial = b!;
      else if (b !== '[*]') edges.push({ from: a!, to: b!, label: label ?? '' });
      continue;
    }
    const stage = /^([\w-]+)\s*:\s*(.+)$/.exec(line);
    if (stage) stages.set(stage[1]!, stage[2]!);
  }
  return { stages: [...stages].map(([id, label]) => ({ id, label })), edges, initial };
}

const W = 170;
const H = 44;
const GAP_X = 70;
const GAP_Y = 26;

export function StageGraph({ province, version }: { province: 'punjab' | 'sindh' | 'khyber-pakhtunkhwa' | 'balochistan'; version: string }): ReactNode {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ['stage-graph', province, version],
    queryFn: async () => dataOf(await api.GET('/sop-packs/{province}/{version}/stage-graph', { params: { path: { province, version }, query: { format: 'mermaid' } } })),
  });
  if (q.isPending) return <p>{t('common.loading')}</p>;
  if (q.isError) return <p className="message message-error">{t('problems.network')}</p>;
  const g = parseStateDiagram(q.data.source);
  // Columns by breadth-first distance from the first stage; stages it never reaches go in a last column.
  const depth = new Map<string, number>();
  if (g.initial) depth.set(g.initial, 0);
  const queue = g.initial ? [g.initial] : [];
  while (queue.length) {
    const s = queue.shift()!;
    for (const e of g.edges.filter((x) => x.from === s)) {
      if (!depth.has(e.to)) {
        depth.set(e.to, depth.get(s)! + 1);
        queue.push(e.to);
      }
    }
  }
  const maxDepth = Math.max(0, ...depth.values());
  const columns = new Map<number, string[]>();
  for (const s of g.stages) {
    const d = depth.get(s.id) ?? maxDepth + 1;
    columns.set(d, [...(columns.get(d) ?? []), s.id]);
  }
  const pos = new Map<string, { x: number; y: number }>();
  for (const [d, ids] of columns) ids.forEach((id, i) => pos.set(id, { x: d * (W + GAP_X), y: i * (H + GAP_Y) }));
  const width = (Math.max(...columns.keys()) + 1) * (W + GAP_X);
  const height = Math.max(...[...columns.values()].map((c) => c.length)) * (H + GAP_Y);
  const label = (id: string): string => t(`stages.${id}`, { defaultValue: g.stages.find((s) => s.id === id)?.label ?? id });
  return (
    <section aria-labelledby="graph-h">
      <h2 id="graph-h">{t('studio.stageGraph')}</h2>
      {/* The diagram reads left to right in both languages: it is a flow in time, like the pack's own text. */}
      <div className="stage-graph" dir="ltr" tabIndex={0}>
        <svg role="img" aria-label={t('studio.stageGraphLabel', { n: g.stages.length, edges: g.edges.length })} width={width} height={height} viewBox={`0 0 ${width} ${height}`} data-testid="stage-graph">
          <defs>
            <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M0,0 L10,5 L0,10 z" fill="#57606a" />
            </marker>
          </defs>
          {g.edges.map((e, i) => {
            const a = pos.get(e.from);
            const b = pos.get(e.to);
            if (!a || !b) return null;
            const forward = b.x > a.x;
            const x1 = forward ? a.x + W : a.x + W / 2;
            const y1 = forward ? a.y + H / 2 : a.y + H;
            const x2 = forward ? b.x : b.x + W / 2;
            const y2 = forward ? b.y + H / 2 : b.y + (b.y > a.y ? 0 : H);
            return (
              <path key={i} d={`M${x1},${y1} C${(x1 + x2) / 2},${y1} ${(x1 + x2) / 2},${y2} ${x2},${y2}`} fill="none" stroke="#8c959f" strokeWidth="1.2" markerEnd="url(#arrow)">
                <title>{e.label}</title>
              </path>
            );
          })}
          {g.stages.map((s) => {
            const p = pos.get(s.id)!;
            return (
              <g key={s.id} transform={`translate(${p.x},${p.y})`} data-stage={s.id}>
                <rect width={W} height={H} rx="8" fill={s.id === g.initial ? '#dafbe1' : '#f6f8fa'} stroke="#57606a" />
                <text x={W / 2} y={H / 2} textAnchor="middle" dominantBaseline="middle" fontSize="12" fill="#1b1f24">
                  {label(s.id)}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
      <details>
        <summary>{t('studio.mermaidSource')}</summary>
        <pre className="source" tabIndex={0}>{q.data.source}</pre>
      </details>
    </section>
  );
}
