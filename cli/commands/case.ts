// `sopflow case open|event|show`: a case on the configured Temporal server, from the command line. The flags
// live here; what the commands do is loaded when one runs (see case-actions.ts).
import { Command } from 'commander';
import { runCommand } from '../command-runner';
import type * as CaseActions from './case-actions';

const actions = (): Promise<typeof CaseActions> => import('./case-actions');

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function caseCommand(): Command {
  const command = new Command('case').description('open a case, send it events, and show it (on the configured Temporal server)');

  command
    .command('open')
    .description('open the case of an FIR (idempotent: the same FIR gives the same case) and print its id')
    .requiredOption('--province <province>', 'punjab, sindh, khyber-pakhtunkhwa or balochistan')
    .requiredOption('--district <district>', 'district, e.g. Lahore')
    .requiredOption('--police-station <name>', 'police station, e.g. "Model Town"')
    .requiredOption('--fir <number/year>', 'FIR number and year, e.g. 123/2026')
    .requiredOption('--offence <class>', "an offence class of the province's SOP, e.g. theft, murder")
    .option('--sections <list>', 'sections invoked, comma-separated, e.g. 302,34')
    .option('--in-custody', 'the accused is in custody')
    .option('--punishable-with-death', 'the offence is punishable with death')
    .option('--terrorism', 'scheduled offence under the Anti-Terrorism Act 1997')
    .option('--sexual-offence', 'scheduled offence under the Anti-Rape Act 2021')
    .option('--narcotics', 'offence under the Control of Narcotic Substances Act 1997')
    .option('--juvenile', 'the accused is a juvenile')
    .option('--female-accused', 'the accused is a woman')
    .option('--at <iso>', 'when the FIR was registered (clocks run from it); a date or time without offset is Asia/Karachi; default now')
    .option('--accept-old', "confirm opening a case older than the SOP's intake bound (caseIntake.maxAgeDays)")
    .option('--sop <pack.yaml>', "SOP pack to pin; default: the province's pack in force today")
    .option('--overlay <overlay.yaml>', 'overlay file to load instead of sop-definitions/overlays/ (repeatable)', collect)
    .option('--holidays <file-or-dir>', 'holiday notices the new case opens with; default: holiday-notifications/ beside the pack')
    .option('--json', 'machine-readable result on stdout')
    .action(async (options: Record<string, unknown>) => {
      process.exitCode = await runCommand(options, async () => (await actions()).openCase(options));
    });

  command
    .command('event')
    .description('send an event to a case (idempotent by event id)')
    .argument('<case-id>', 'as `sopflow case open` printed it')
    .argument('<event-type>', 'e.g. ACCUSED_ARRESTED, INTERIM_CHALLAN_SUBMITTED')
    .option('--at <iso>', 'when it happened (may be in the past); default now')
    .option('--data <json>', 'supervisor data, e.g. {"escalationId":"…","role":"sho"}; or @file, or - for stdin')
    .option('--facts <json>', 'changes to case facts, e.g. {"challan":{"documents":["fir_copy"]}}; or @file, or - for stdin (at most 1 MiB)')
    .option('--event-id <id>', 'idempotency key; default: a new id, printed so the event can be resent safely')
    .option('--json', 'machine-readable result on stdout')
    .action(async (caseId: string, type: string, options: Record<string, unknown>) => {
      process.exitCode = await runCommand(options, async () => (await actions()).caseEvent(caseId, type, options));
    });

  command
    .command('show')
    .description('stage, clocks with ledgers, open escalations, gates, timeline and the events allowed now')
    .argument('<case-id>', 'as `sopflow case open` printed it')
    .option('--json', 'machine-readable case on stdout')
    .action(async (caseId: string, options: { json?: boolean }) => {
      process.exitCode = await runCommand(options, async () => (await actions()).caseShow(caseId));
    });

  command
    .command('migrate')
    .description('preview moving a running case to another SOP version; --apply applies the previewed migration and records it')
    .argument('<case-id>', 'as `sopflow case open` printed it')
    .requiredOption('--sop <pack.yaml>', 'the SOP pack to move the case to')
    .option('--overlay <overlay.yaml>', 'overlay file to load instead of the overlays beside the pack (repeatable)', collect)
    .option('--apply', 'apply the migration (needs --digest, --by, --reason)')
    .option('--digest <sha256:…>', 'the digest the preview printed: a case that moved since is refused')
    .option('--by <who>', 'who decided the migration (recorded in the case)')
    .option('--reason <why>', 'why, e.g. the notification of the new SOP (recorded in the case)')
    .option('--json', 'machine-readable preview on stdout')
    .action(async (caseId: string, options: Record<string, unknown>) => {
      process.exitCode = await runCommand(options, async () => (await import('./case-migrate-actions')).caseMigrate(caseId, options));
    });

  return command;
}
