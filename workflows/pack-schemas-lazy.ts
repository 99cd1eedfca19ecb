// In the workflow bundle, in place of rules/compiler/pack-schemas.ts (worker/workflow-bundle.ts aliases it): the
// same schemas, evaluated on a workflow's first compilation instead of at its start. Every case workflow evaluates
// the modules it imports, and the pack format's schemas were about half of that (~5 ms and ~0.9 MiB each, cached
// with the case); most cases never compile a pack, since the first case in a worker shares its compilation.
import type * as PackSchemas from '../rules/compiler/pack-schemas';
import type * as PackSchema from '../rules/schema/sop-pack';
import type * as OverlaySchema from '../rules/schema/sop-overlay';

let loaded: typeof PackSchemas | undefined;
function schemas(): typeof PackSchemas {
  // webpack's require, not Node's: the module is bundled, and evaluated into this workflow's modules when first asked.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loaded ??= { sopPack: (require('../rules/schema/sop-pack') as typeof PackSchema).sopPack, sopOverlay: (require('../rules/schema/sop-overlay') as typeof OverlaySchema).sopOverlay });
}

export const sopPack = { parse: (value: unknown): ReturnType<typeof PackSchemas.sopPack.parse> => schemas().sopPack.parse(value) };
export const sopOverlay = { parse: (value: unknown): ReturnType<typeof PackSchemas.sopOverlay.parse> => schemas().sopOverlay.parse(value) };
