// In the workflow bundle, in place of rules/compiler/sop-compiler.ts (worker/workflow-bundle.ts aliases it): the same
// compiler, evaluated on a workflow's first compilation instead of at its start. A compiled SOP is shared by the
// cases of a worker (compiled-sops.ts), so most cases never compile one, and the compiler's modules (with xstate,
// which builds the machine) were a fifth of what each case evaluated at its start.
import type * as Compiler from '../rules/compiler/sop-compiler';
import type * as CompileSop from '../rules/compiler/compile-sop';

let loaded: typeof Compiler | undefined;
function compiler(): typeof Compiler {
  // webpack's require, not Node's: the module is bundled, and evaluated into this workflow's modules when first asked.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loaded ??= require('../rules/compiler/compile-sop') as typeof CompileSop);
}

export const compileSop: typeof Compiler.compileSop = (...args) => compiler().compileSop(...args);
export const compileSopSync: typeof Compiler.compileSopSync = (...args) => compiler().compileSopSync(...args);
