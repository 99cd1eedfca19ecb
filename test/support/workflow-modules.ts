// Evaluates a workflow bundle the way the SDK's reusable V8 context does: the preloaded modules once, shared, and
// every other module once per workflow. Used by the bundle-modules test and `npm run bench:modules`.
import vm from 'node:vm';
import type { BundleOptions } from '@temporalio/worker';

/** A bundler logger that says nothing (webpack's report is long). */
export const quietBundlerLogger: NonNullable<BundleOptions['logger']> = { info() {}, warn() {}, error() {}, debug() {}, trace() {}, log() {} };

export interface WorkflowModuleContext {
  /** How many modules the preload left shared. */
  sharedCount: number;
  /** Evaluates the workflows' modules as a new workflow would; returns the modules it evaluated, by id. */
  startWorkflow(): Map<string | symbol, unknown>;
}

export function workflowModuleContext(code: string): WorkflowModuleContext {
  const context = vm.createContext({}, { microtaskMode: 'afterEvaluate' });
  const shared = new Map<string | symbol, unknown>();
  let own: Map<string | symbol, unknown> | undefined;
  const cache = new Proxy({}, { get: (_, k) => shared.get(k) ?? own?.get(k), set: (_, k, v) => ((own ?? shared).set(k, v), true) });
  Object.defineProperty(context, '__webpack_module_cache__', { value: cache });
  vm.runInContext(code, context);
  vm.runInContext('__TEMPORAL__.preloadModules()', context);
  // As the SDK does (reusable-vm.js): what the preload left is deep-frozen, so a shared module that a workflow would
  // change fails here too.
  for (const module of shared.values()) deepFreeze(module);
  return {
    sharedCount: shared.size,
    startWorkflow() {
      own = new Map();
      vm.runInContext('__TEMPORAL__.importWorkflows()', context);
      return own;
    },
  };
}

/** The SDK's deepFreeze (@temporalio/worker, workflow/reusable-vm.js): own properties first, then the object. */
function deepFreeze(object: unknown, visited = new WeakSet<object>()): void {
  if (object === null || (typeof object !== 'object' && typeof object !== 'function') || visited.has(object)) return;
  visited.add(object);
  if (Object.isFrozen(object)) return;
  if (typeof object === 'object') {
    for (const name of Reflect.ownKeys(object)) {
      try {
        deepFreeze((object as Record<PropertyKey, unknown>)[name], visited);
      } catch {
        // Some objects cannot be frozen (typed arrays): the SDK skips them the same way.
      }
    }
  }
  Object.freeze(object);
}
