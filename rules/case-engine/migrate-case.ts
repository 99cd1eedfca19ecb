// Moving a running case to a new SOP version. Never implicit: the case's log is replayed under the new SOP, the
// differences are shown (clocks re-computed, gates added or changed, escalations opened or closed), and only an
// explicit, recorded decision applies them. The preview's digest lets the applier say "what I saw is what I apply".
import { canonicalJson } from '../compiler/canonical-json';
import { contentHash } from '../compiler/content-hash';
import type { CompiledSop } from '../compiler/compile-sop';
import type { Instant } from '../legal-time/types';
import { migrationTimelineEntry, rebuildUnder, type Step } from './case-engine';
import { EffectLog } from './effects';
import { reconcile } from './reconcile';
import { isLiveEscalation } from './escalations';
import type { CaseState, ClockStatus, SopMigrationRecord } from './case-state';

export interface ClockChange {
  clockId: string;
  before: { status: ClockStatus; dueAt: Instant | null } | null;
  after: { status: ClockStatus; dueAt: Instant | null } | null;
}

export interface MigrationPreview {
  from: { sopHash: string; version: string };
  to: { sopHash: string; version: string };
  /** False when the case's own history is not valid under the new SOP; `reason` says which event and why. */
  applicable: boolean;
  reason?: string;
  stage: { before: string; after: string | null };
  clocks: ClockChange[];
  gates: { added: string[]; removed: string[]; changed: string[] };
  escalations: { opened: string[]; closed: string[] };
  /** Hash of everything above: apply with it to be sure the case did not move since the preview. */
  digest: string;
}

function latestRuns(state: CaseState): Map<string, { status: ClockStatus; dueAt: Instant | null }> {
  const runs = new Map<string, { status: ClockStatus; dueAt: Instant | null }>();
  for (const c of state.clocks) runs.set(c.clockId, { status: c.status, dueAt: c.dueAt });
  return runs;
}

function clockChanges(before: CaseState, after: CaseState | null): ClockChange[] {
  const a = latestRuns(before);
  const b = after ? latestRuns(after) : new Map<string, { status: ClockStatus; dueAt: Instant | null }>();
  const ids = [...new Set([...a.keys(), ...b.keys()])].sort();
  return ids
    .map((clockId) => ({ clockId, before: a.get(clockId) ?? null, after: b.get(clockId) ?? null }))
    .filter((c) => canonicalJson(c.before) !== canonicalJson(c.after));
}

function gateChanges(from: CompiledSop, to: CompiledSop): MigrationPreview['gates'] {
  const a = new Map(from.gates.map((g) => [g.id, canonicalJson(g)]));
  const b = new Map(to.gates.map((g) => [g.id, canonicalJson(g)]));
  return {
    added: [...b.keys()].filter((id) => !a.has(id)).sort(),
    removed: [...a.keys()].filter((id) => !b.has(id)).sort(),
    changed: [...b.keys()].filter((id) => a.has(id) && a.get(id) !== b.get(id)).sort(),
  };
}

const liveEscalations = (s: CaseState): Set<string> => new Set(s.escalations.filter(isLiveEscalation).map((e) => `${e.id}@${e.role}`));

/** What moving the case to `to` would change, as of `now`, and the state it would then be in. */
export async function previewMigration(from: CompiledSop, to: CompiledSop, state: CaseState, now: Instant): Promise<{ preview: MigrationPreview; next: CaseState | null }> {
  const until = Math.max(now, state.now);
  const rebuilt = await rebuildUnder(to, state, until);
  const next = rebuilt.ok ? rebuilt.state : null;
  const before = liveEscalations(state);
  const after = next ? liveEscalations(next) : new Set<string>();
  const body = {
    from: { sopHash: from.sopHash, version: from.version },
    to: { sopHash: to.sopHash, version: to.version },
    applicable: rebuilt.ok,
    ...(rebuilt.ok ? {} : { reason: rebuilt.reason }),
    stage: { before: state.stage, after: next?.stage ?? null },
    clocks: clockChanges(state, next),
    gates: gateChanges(from, to),
    escalations: { opened: [...after].filter((e) => !before.has(e)).sort(), closed: [...before].filter((e) => !after.has(e)).sort() },
  };
  return { preview: { ...body, digest: contentHash(body) }, next };
}

/** The migrated state: the rebuilt case with the decision recorded in its history, and what the move changed. */
export function recordMigration(next: CaseState, previous: CaseState, record: Omit<SopMigrationRecord, 'fromSopHash' | 'toSopHash'> & { fromSopHash?: string }): Step {
  const entry: SopMigrationRecord = { ...record, fromSopHash: record.fromSopHash ?? previous.sopHash, toSopHash: next.sopHash };
  const migrations = [...(previous.migrations ?? []), entry];
  const state = { ...next, migrations, timeline: [...next.timeline, migrationTimelineEntry(entry)] };
  const fx = new EffectLog();
  fx.migration(record.at, entry.fromSopHash, entry.toSopHash, record.by);
  reconcile(previous, state, record.at, `the case moved to SOP ${record.toVersion}`, fx);
  return { state, effects: fx.effects };
}
