// How a simulated challan comes to draw a given objection: read off the gate rules themselves (a rule that
// fires when `challan.documents` lacks X is drawn by leaving X out; one that fires on written objections by
// recording one), so the simulator never hard-codes what a pack's gates check.
import type { SopBundle } from '../../rules/loader/load-sop';
import type { Condition } from '../../rules/schema/conditions';

export interface DefectRecipe {
  /** Documents to leave out of the challan. */
  omitDocuments: string[];
  /** Whether the prosecutor records a written objection. */
  writtenObjection: boolean;
}

const DOCUMENTS_FACT = 'challan.documents';
const OBJECTIONS_FACT = 'scrutiny.objections';

function collect(condition: Condition, recipe: DefectRecipe): void {
  if ('all' in condition) for (const c of condition.all) collect(c, recipe);
  else if ('any' in condition) {
    // Any one branch suffices: follow the first controllable one.
    for (const c of condition.any) {
      const branch: DefectRecipe = { omitDocuments: [], writtenObjection: false };
      collect(c, branch);
      if (branch.omitDocuments.length > 0 || branch.writtenObjection) {
        recipe.omitDocuments.push(...branch.omitDocuments);
        recipe.writtenObjection ||= branch.writtenObjection;
        return;
      }
    }
  } else if ('fact' in condition) {
    if (condition.fact === DOCUMENTS_FACT && condition.operator === 'doesNotContain' && typeof condition.value === 'string') {
      recipe.omitDocuments.push(condition.value);
    } else if (condition.fact === OBJECTIONS_FACT && condition.operator === 'isNotEmpty') recipe.writtenObjection = true;
  }
}

/** Objection code → how to draw it, over the pack's gates and its overlays' gates. First rule for a code wins. */
export function defectRecipes(bundle: SopBundle): Map<string, DefectRecipe> {
  const recipes = new Map<string, DefectRecipe>();
  const gates = [...bundle.pack.gates, ...bundle.overlays.flatMap((o) => o.gates)];
  for (const gate of gates) {
    for (const rule of gate.rules) {
      const code = rule.event.params.code;
      if (recipes.has(code)) continue;
      const recipe: DefectRecipe = { omitDocuments: [], writtenObjection: false };
      collect(rule.conditions, recipe);
      if (recipe.omitDocuments.length > 0 || recipe.writtenObjection) recipes.set(code, recipe);
    }
  }
  return recipes;
}
