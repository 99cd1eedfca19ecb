// Which tolling ground a pause or resume trigger names. Kept apart from clock.ts (the pack's zod schemas) so the
// engine, which runs in every case workflow, does not evaluate the schemas of the SOP pack format.
import type { GroundedTrigger } from './clock';

/** The ground a pause trigger begins: its own, or its event type / stage id. */
export function pauseGroundOf(t: GroundedTrigger): string {
  return t.ground ?? ('event' in t ? t.event : 'enterStage' in t ? t.enterStage : t.leaveStage);
}

/**
 * The ground a resume trigger ends: its own, or (when the clock has a single pause ground) that one. Null when
 * it cannot be told (several grounds, none named): the loader refuses such a pack, and the engine ends every
 * ground (what an SOP pinned before grounds existed meant).
 */
export function resumeGroundOf(clock: { pause: GroundedTrigger[] }, t: GroundedTrigger): string | null {
  if (t.ground !== undefined) return t.ground;
  const grounds = new Set(clock.pause.map(pauseGroundOf));
  return grounds.size === 1 ? [...grounds][0]! : null;
}
