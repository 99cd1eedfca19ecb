// The `sopflow` command line: SOP authoring tools (validate, test, diff, graph, explain).
import { Command } from 'commander';
import { runTest } from './commands/test-scenarios';
import { runValidate } from './commands/validate';

const program = new Command()
  .name('sopflow')
  .description('SOP packs for police–prosecution coordination: validate, test, diff, graph, explain')
  .showHelpAfterError();

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

try {
  await program.parseAsync(process.argv);
} catch (err) {
  process.stderr.write(`sopflow: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
