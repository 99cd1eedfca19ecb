// Semantic diff of two SOP versions: which clocks, gates, ladders, calendars, stages and overlays changed,
// field by field, so policy staff review what a new version means rather than YAML lines.
import { canonicalJson } from '../compiler/canonical-json';
import type { SopBundle } from '../loader/load-sop';

export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
}

export interface ItemDiff {
  id: string;
  change: 'added' | 'removed' | 'changed';
  fields: FieldChange[];
}

export interface SopDiff {
  from: { province: string; version: string };
  to: { province: string; version: string };
  header: FieldChange[];
  sections: Record<'clocks' | 'gates' | 'ladders' | 'calendars' | 'stages' | 'events' | 'roles' | 'overlays', ItemDiff[]>;
}

function fieldChanges(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (canonicalJson(before) === canonicalJson(after)) return [];
  const bothObjects =
    before && after && typeof before === 'object' && typeof after === 'object' && !Array.isArray(before) && !Array.isArray(after);
  if (!bothObjects) return [{ path: path || '(value)', before, after }];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.flatMap((k) =>
    fieldChanges((before as Record<string, unknown>)[k], (after as Record<string, unknown>)[k], path ? `${path}.${k}` : k),
  );
}

function diffById<T>(before: readonly T[], after: readonly T[], key: (t: T) => string): ItemDiff[] {
  const a = new Map(before.map((t) => [key(t), t]));
  const b = new Map(after.map((t) => [key(t), t]));
  const out: ItemDiff[] = [];
  for (const [id, item] of a) {
    if (!b.has(id)) out.push({ id, change: 'removed', fields: [] });
    else {
      const fields = fieldChanges(item, b.get(id));
      if (fields.length > 0) out.push({ id, change: 'changed', fields });
    }
  }
  for (const id of b.keys()) if (!a.has(id)) out.push({ id, change: 'added', fields: [] });
  return out;
}

export function diffSop(from: SopBundle, to: SopBundle): SopDiff {
  const p = from.pack;
  const q = to.pack;
  const header = (['province', 'version', 'title', 'effectiveFrom', 'supersedes'] as const).flatMap((k) => fieldChanges(p[k], q[k], k));
  return {
    from: { province: p.province, version: p.version },
    to: { province: q.province, version: q.version },
    header,
    sections: {
      clocks: diffById(p.clocks, q.clocks, (c) => c.id),
      gates: diffById(p.gates, q.gates, (g) => g.id),
      ladders: diffById(p.ladders, q.ladders, (l) => l.id),
      calendars: diffById(p.calendars, q.calendars, (c) => c.id),
      stages: diffById(p.stages, q.stages, (s) => s.id),
      events: diffById(p.events, q.events, (e) => e.type),
      roles: diffById(p.roles, q.roles, (r) => r.id),
      overlays: diffById(from.overlays, to.overlays, (o) => o.id),
    },
  };
}

export function isEmptyDiff(diff: SopDiff): boolean {
  return diff.header.length === 0 && Object.values(diff.sections).every((s) => s.length === 0);
}

const show = (v: unknown): string => (v === undefined ? '(none)' : typeof v === 'string' ? v : JSON.stringify(v));

export function formatSopDiff(diff: SopDiff): string {
  const lines = [`${diff.from.province} ${diff.from.version} → ${diff.to.province} ${diff.to.version}`];
  for (const h of diff.header) lines.push(`  ${h.path}: ${show(h.before)} → ${show(h.after)}`);
  for (const [section, items] of Object.entries(diff.sections)) {
    if (items.length === 0) continue;
    lines.push(`${section}:`);
    for (const item of items) {
      const mark = item.change === 'added' ? '+' : item.change === 'removed' ? '-' : '~';
      lines.push(`  ${mark} ${item.id}${item.change === 'changed' ? '' : ` (${item.change})`}`);
      for (const f of item.fields) lines.push(`      ${f.path}: ${show(f.before)} → ${show(f.after)}`);
    }
  }
  if (isEmptyDiff(diff)) lines.push('  no semantic changes');
  return lines.join('\n');
}
