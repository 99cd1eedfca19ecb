// The `sopflow` command line: SOP authoring tools (validate, test, diff, graph, explain).
import { Command } from 'commander';
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

try {
  await program.parseAsync(process.argv);
} catch (err) {
  process.stderr.write(`sopflow: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
