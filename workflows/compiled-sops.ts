// SOPs compiled in this V8 context, by content hash, shared by every case workflow the context runs: the worker
// bundle preloads this module (worker/workflow-bundle.ts), and preloaded modules are shared across workflows
// while every other module is evaluated per workflow. Sharing is deterministic because a hash names one
// immutable content and a compiled SOP is pure (same facts, same answers; its memo tables only save work).
// Without the preload (a bundle built elsewhere) the map is per workflow: slower, the same results.
import type { CompiledSop } from '../rules/case-engine/index';

export const compiledSops = new Map<string, CompiledSop>();
