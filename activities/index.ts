// Activities do all of sopflow's I/O. They are built by a factory that receives their dependencies, so the
// worker wires real ones and tests wire their own. The case-lifecycle activities (notification outbox,
// case-event sink) are added with the case workflow; until then the worker hosts none.
export type ActivityDependencies = Record<string, never>;

export function createActivities(_deps: ActivityDependencies = {}): Record<string, (...args: never[]) => Promise<unknown>> {
  return {};
}
