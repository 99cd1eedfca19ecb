// The task actions and list bound, apart from client/tasks.ts so a command line can declare its flags without
// loading the Temporal client.
export const MAX_LISTED = 1_000;

export type TaskAction = 'ack' | 'resolve' | 'reassign' | 'extend';
export const TASK_ACTIONS: readonly TaskAction[] = ['ack', 'resolve', 'reassign', 'extend'];
