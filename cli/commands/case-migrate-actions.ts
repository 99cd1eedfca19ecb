// What `sopflow case migrate` does: preview moving a running case to another SOP version, and apply it only when
// asked, with the digest of the preview the decision was taken on, who decided and why.
import { z } from 'zod';
import { applyCaseMigration, previewCaseMigration } from '../../client/migrate-case';
import type { MigrationPreview } from '../../rules/case-engine/index';
import { formatLocalDateTime } from '../../rules/legal-time/local-days';
import { caseIdArgument } from '../../client/case-ids';
import { parseInput, parseOptions } from '../cli-error';
import type { CommandResult } from '../command-runner';
import { loadPackWithOverlays } from '../current-sop-pack';
import { withTemporal } from '../temporal-session';

const migrateOptions = z
  .object({
    sop: z.string().min(1),
    overlay: z.array(z.string().min(1)).optional(),
    apply: z.boolean().optional(),
    digest: z.string().optional(),
    by: z.string().min(1).max(120).optional(),
    reason: z.string().min(1).max(2000).optional(),
    json: z.boolean().optional(),
  })
  .refine((o) => !o.apply || (o.digest && o.by && o.reason), { message: 'needs --digest (from the preview), --by and --reason', path: ['apply'] });

export type CaseMigrateJson = { caseId: string; applied: boolean } & MigrationPreview;

const when = (at: number | null | undefined): string => (at === null || at === undefined ? '—' : formatLocalDateTime(at));

function formatPreview(caseId: string, p: MigrationPreview, applied: boolean): string {
  const lines = [
    `${applied ? 'migrated' : 'preview of migrating'} ${caseId}: ${p.from.version} → ${p.to.version}`,
    p.applicable ? `stage: ${p.stage.before} → ${p.stage.after ?? '—'}` : `NOT APPLICABLE: ${p.reason ?? ''}`,
  ];
  for (const c of p.clocks) lines.push(`clock ${c.clockId}: ${c.before ? `${c.before.status}, due ${when(c.before.dueAt)}` : 'absent'} → ${c.after ? `${c.after.status}, due ${when(c.after.dueAt)}` : 'absent'}`);
  if (p.gates.added.length + p.gates.removed.length + p.gates.changed.length > 0) {
    lines.push(`gates: added [${p.gates.added.join(', ')}], removed [${p.gates.removed.join(', ')}], changed [${p.gates.changed.join(', ')}]`);
  }
  if (p.escalations.opened.length + p.escalations.closed.length > 0) {
    lines.push(`escalations: opened [${p.escalations.opened.join(', ')}], closed [${p.escalations.closed.join(', ')}]`);
  }
  if (!applied && p.applicable) lines.push(`to apply: sopflow case migrate ${caseId} --sop … --apply --digest ${p.digest} --by <who> --reason <why>`);
  return lines.join('\n');
}

export async function caseMigrate(caseIdRaw: string, raw: unknown): Promise<CommandResult<CaseMigrateJson>> {
  const caseId = parseInput(caseIdArgument, caseIdRaw, 'case id');
  const options = parseOptions(migrateOptions, raw);
  const bundle = loadPackWithOverlays(options.sop, options.overlay);
  return withTemporal(async (session) => {
    if (!options.apply) {
      const preview = await previewCaseMigration(session.client, caseId, bundle);
      return { json: { caseId, applied: false, ...preview }, text: formatPreview(caseId, preview, false) };
    }
    const preview = await applyCaseMigration(session.client, caseId, bundle, { digest: options.digest!, by: options.by!, reason: options.reason! });
    return { json: { caseId, applied: true, ...preview }, text: formatPreview(caseId, preview, true) };
  });
}
