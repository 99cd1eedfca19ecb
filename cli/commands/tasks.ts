// `sopflow tasks list|ack|resolve|reassign|extend`: supervisors' escalation tasks on the configured Temporal
// server. The flags live here; what the commands do is loaded when one runs (see task-actions.ts).
import { Command } from 'commander';
import { MAX_LISTED, TASK_ACTIONS, type TaskAction } from '../../client/task-kinds';
import { runCommand } from '../command-runner';
import type * as TaskActions from './task-actions';
const actions = (): Promise<typeof TaskActions> => import('./task-actions');

export function tasksCommand(): Command {
  const command = new Command('tasks').description("supervisors' escalation tasks: list by jurisdiction and role; acknowledge, resolve, reassign, extend");

  command
    .command('list')
    .description('open and acknowledged tasks for one role in one jurisdiction (Temporal visibility)')
    .option('--province <province>', 'the supervisor’s province (required)')
    .option('--district <district>', 'the supervisor’s district; omit only for province-level roles')
    .option('--police-station <name>', 'narrow to one police station')
    .option('--role <role>', 'the supervisor’s role, e.g. sho, sdpo, ddpp (required)')
    .option('--limit <n>', `at most this many tasks (1–${MAX_LISTED})`, '200')
    .option('--json', 'machine-readable list on stdout')
    .action(async (options: Record<string, unknown>) => {
      process.exitCode = await runCommand(options, async () => (await actions()).listTasks(options));
    });

  const describe: Record<TaskAction, string> = {
    ack: 'acknowledge a task: it stops climbing (--role: the role holding it)',
    resolve: 'resolve a task with a directive (--role, --directive)',
    reassign: 'hand a task to another role on its ladder (--role, --to-role)',
    extend: "extend the breached clock behind a task, when the SOP gives the role that power (--role, --days; --clock defaults to the task's clock)",
  };
  for (const action of TASK_ACTIONS) {
    const sub = command
      .command(action)
      .description(describe[action])
      .argument('<task-id>', 'as `sopflow tasks list` printed it')
      .option('--role <role>', 'the role acting (required)');
    if (action === 'resolve') sub.option('--directive <text>', 'what was ordered (required)');
    if (action === 'reassign') sub.option('--to-role <role>', 'the role on the ladder to hand it to (required)');
    if (action === 'extend') sub.option('--clock <clock-id>', "the clock to extend; default: the task's clock").option('--days <n>', "how much longer, in the clock's unit (required)");
    sub
      .option('--at <iso>', 'when it was done; default now')
      .option('--event-id <id>', 'idempotency key; default: a new id, printed so the action can be resent safely')
      .option('--json', 'machine-readable result on stdout')
      .action(async (taskId: string, options: Record<string, unknown>) => {
        process.exitCode = await runCommand(options, async () => (await actions()).actOnTask(action, taskId, options));
      });
  }
  return command;
}
