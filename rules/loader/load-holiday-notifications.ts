// Loads a holiday-notifications file (notices a government issued after the SOP was published) with the same
// located errors as SOP packs.
import { holidayNotificationFile, notificationsOfFile, type HolidayNotification } from '../schema/holiday-notification';
import type { SopSourceText } from './load-sop';
import { formatPath, type LoadResult } from './sop-error';
import { locate, parseYamlSource } from './yaml-source';
import { zodIssuesToErrors } from './zod-issues';

export function loadHolidayNotifications(input: SopSourceText): LoadResult<HolidayNotification[]> {
  const { source, errors } = parseYamlSource(input.file, input.text);
  if (!source) return { ok: false, errors };
  const result = holidayNotificationFile.safeParse(source.data);
  if (!result.success) return { ok: false, errors: zodIssuesToErrors(source, result.error.issues) };
  const ids = new Set<string>();
  for (const [i, n] of result.data.notifications.entries()) {
    const path = ['notifications', i, 'id'];
    if (ids.has(n.id)) return { ok: false, errors: [{ file: source.file, ...locate(source, path), path: formatPath(path), message: `id ${n.id} is used twice in this file` }] };
    ids.add(n.id);
  }
  return { ok: true, value: notificationsOfFile(result.data) };
}
