// `sopflow calendar notify`: a holiday notified by a government, sent to every running case of the province
// (client/notify-holiday.ts). The id defaults to one derived from province, dates and name, so resending is safe.
import { Command } from 'commander';
import { z } from 'zod';
import { checkedHolidayNotification, notifyHoliday, type HolidayDelivery } from '../../client/notify-holiday';
import { CliError, parseOptions } from '../cli-error';
import { SourceError } from '../../sources/located-error';
import { loadHolidayNotificationsFile } from '../../sources/load-sources';
import { runCommand, type CommandResult } from '../command-runner';
import { isoInstant } from '../iso-instant';
import { withTemporal } from '../temporal-session';

const notifyOptions = z.object({
  province: z.string({ error: 'is required, e.g. punjab' }),
  date: z.array(z.string(), { error: 'is required: the notified date (YYYY-MM-DD), repeatable' }).min(1),
  name: z.string({ error: 'is required: the holiday, e.g. "Eid ul Adha (notified)"' }),
  notification: z.string({ error: 'is required: the notification cited, e.g. "Cabinet Division No. …"' }),
  id: z.string().optional(),
  appliesTo: z.array(z.string()).optional(),
  at: isoInstant.optional(),
  json: z.boolean().optional(),
});

const slug = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);

async function notify(raw: unknown): Promise<CommandResult<HolidayDelivery>> {
  const o = parseOptions(notifyOptions, raw);
  const notification = checkedHolidayNotification({
    id: o.id ?? `${o.province}:${o.date.join('+')}:${slug(o.name)}`,
    province: o.province,
    dates: o.date,
    name: o.name,
    notification: o.notification,
    notifiedAt: o.at ?? Date.now(),
    appliesTo: o.appliesTo ?? [],
  });
  return withTemporal(async (session) => {
    const json = await notifyHoliday(session.client, notification);
    const lines = json.moved.map((m) => `  ${m.caseId}: ${m.clocks.join(', ')}`);
    const header = `${notification.id}: sent to ${json.cases} running case(s) in ${notification.province}; deadlines moved in ${json.moved.length}${json.duplicate ? ` (${json.duplicate} had it already)` : ''}`;
    return { json, text: [header, ...lines].join('\n') };
  });
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function calendarCommand(): Command {
  const command = new Command('calendar').description('holiday calendars: notify a holiday to the running cases of a province');
  command
    .command('notify')
    .description('a holiday notified after the SOP was published; every running case whose deadlines it moves re-computes them')
    .option('--province <province>', 'the province (required)')
    .option('--date <YYYY-MM-DD>', 'a notified date (repeatable)', collect)
    .option('--name <text>', 'the holiday (required)')
    .option('--notification <text>', 'the notification cited (required)')
    .option('--applies-to <calendar>', 'a calendar id it closes (repeatable); default: every calendar of the province', collect)
    .option('--id <id>', 'idempotency key; default: derived from province, dates and name')
    .option('--at <iso>', 'when it was notified; default now')
    .option('--json', 'machine-readable result on stdout')
    .action(async (options: Record<string, unknown>) => {
      process.exitCode = await runCommand(options, () => notify(options));
    });
  command
    .command('notify-file')
    .description('send every notice of a holiday-notifications file (the one new cases open with) to the running cases of its province')
    .argument('<file>', 'a holiday-notifications YAML file, e.g. sop-definitions/punjab/holiday-notifications/2026.yaml')
    .option('--json', 'machine-readable result on stdout')
    .action(async (file: string, options: Record<string, unknown>) => {
      process.exitCode = await runCommand(options, () => notifyFile(file));
    });
  return command;
}

async function notifyFile(file: string): Promise<CommandResult<HolidayDelivery[]>> {
  let notices;
  try {
    notices = loadHolidayNotificationsFile(file);
  } catch (err) {
    if (err instanceof SourceError) throw new CliError('usage', err.lines(3).join('; '));
    throw err;
  }
  return withTemporal(async (session) => {
    const json: HolidayDelivery[] = [];
    for (const n of notices) json.push(await notifyHoliday(session.client, n));
    const text = json.map((d) => `${d.notification.id}: sent to ${d.cases} running case(s); deadlines moved in ${d.moved.length}${d.duplicate ? ` (${d.duplicate} had it already)` : ''}`);
    return { json, text: text.join('\n') || 'no notices in the file' };
  });
}
