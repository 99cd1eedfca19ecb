// The `sopflow` command line: SOP authoring tools (validate, test, diff, graph, explain).
import { Command, CommanderError } from 'commander';
import { oneLine } from './cli-error';
import { backupCommand, restoreCommand } from './commands/backup';
import { caseCommand } from './commands/case';
import { kpiCommand } from './commands/kpi';
import { simulateCommand } from './commands/simulate';
import { runDiff, runExplain, runGraph } from './commands/sop-tools';
import { tasksCommand } from './commands/tasks';
import { calendarCommand } from './commands/calendar';
import { runTest } from './commands/test-scenarios';
import { runValidate } from './commands/validate';
import { SourceError } from '../sources/located-error';

const program = new Command()
  .name('sopflow')
  .description('SOP packs for police–prosecution coordination: validate, test, diff, graph, explain');

program
  .command('validate')
  .description('validate SOP packs (with the overlays they enable) and overlays')
  .argument('<files...>', 'SOP pack or overlay YAML files')
  .action((files: string[]) => {
    process.exitCode = runValidate(files);
  });

program
  .command('test')
  .description('run scenario files against the pure core; pass/fail per step')
  .argument('<scenarios...>', 'scenario YAML files')
  .option('--json', 'machine-readable results on stdout')
  .action(async (files: string[], options: { json?: boolean }) => {
    process.exitCode = await runTest(files, options);
  });

program
  .command('diff')
  .description('semantic diff of two SOP versions: clocks, gates, ladders, calendars, stages that changed')
  .argument('<old>', 'the current pack')
  .argument('<new>', 'the proposed pack')
  .option('--json', 'machine-readable diff on stdout')
  .action((oldFile: string, newFile: string, options: { json?: boolean }) => {
    process.exitCode = runDiff(oldFile, newFile, options);
  });

program
  .command('graph')
  .description('the stage diagram with its clocks and gates')
  .argument('<pack>', 'SOP pack file')
  .option('--format <format>', 'mermaid or dot', 'mermaid')
  .action((packFile: string, options: { format: string }) => {
    process.exitCode = runGraph(packFile, options);
  });

program
  .command('explain')
  .description('which overlays, clocks and gates apply to a case, and why')
  .argument('<pack>', 'SOP pack file')
  .requiredOption('--facts <facts.json>', 'the case facts as JSON')
  .option('--json', 'machine-readable explanation on stdout')
  .action(async (packFile: string, options: { facts: string; json?: boolean }) => {
    process.exitCode = await runExplain(packFile, options);
  });

// Cases and supervisors' tasks on the configured Temporal server.
program.addCommand(caseCommand());
program.addCommand(tasksCommand());
program.addCommand(kpiCommand());
program.addCommand(calendarCommand());

// The embedded default's data directory, saved and restored whole.
program.addCommand(backupCommand());
program.addCommand(restoreCommand());

// Policy simulation: the same cases under the current and a proposed SOP.
program.addCommand(simulateCommand());

/**
 * Argument errors (unknown or missing options and arguments) are reported like every other failure: one line
 * `sopflow: …` on stderr and, with --json, `{ "error": { code: "usage", … } }` on stdout. Commander prints
 * nothing itself; help and --version still print and exit 0.
 */
function reportParseErrorsOurWay(command: Command): void {
  command.exitOverride().configureOutput({ outputError: () => undefined });
  for (const sub of command.commands) reportParseErrorsOurWay(sub);
}
reportParseErrorsOurWay(program);

/** Commander's own exits that are not failures. */
const NOT_FAILURES = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version', 'commander.executeSubCommandAsync']);

function reportFailure(err: unknown): void {
  if (err instanceof CommanderError) {
    // The parse failed, so --json is read from the raw arguments.
    const message = `${oneLine(err.message.replace(/^error: /, ''))} (see --help)`;
    if (process.argv.slice(2).includes('--json')) process.stdout.write(`${JSON.stringify({ error: { code: 'usage', message } })}\n`);
    process.stderr.write(`sopflow: ${message}\n`);
  } else if (err instanceof SourceError) {
    // Located SOP errors are printed one per line.
    for (const line of err.lines()) process.stderr.write(`${line}\n`);
  } else {
    process.stderr.write(`sopflow: ${err instanceof Error ? err.message : String(err)}\n`);
  }
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError && NOT_FAILURES.has(err.code)) {
    process.exitCode = err.exitCode;
  } else {
    reportFailure(err);
    process.exitCode = 1;
  }
}
