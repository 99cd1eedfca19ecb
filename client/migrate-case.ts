// Moving a running case to a new SOP version from an edge: preview first, then apply what was previewed. The
// request names the new SOP by its content hash; the worker resolves it from its SOP store (shipped or published).
import type { Client } from '@temporalio/client';
import { contentHash } from '../rules/compiler/content-hash';
import type { MigrationPreview } from '../rules/case-engine/index';
import type { SopBundle } from '../rules/loader/load-sop';
import { applyMigrationUpdate, previewMigrationUpdate, sopMigrationDecision, type SopMigrationDecision } from '../workflows/case-messages';
import { invalidFromZod, translated } from './case-client-error';

export function previewCaseMigration(client: Client, caseId: string, bundle: SopBundle): Promise<MigrationPreview> {
  return translated(client.options.namespace, () =>
    client.workflow.getHandle(caseId).executeUpdate(previewMigrationUpdate, { args: [{ sop: { hash: contentHash(bundle) } }] }),
  );
}

export function applyCaseMigration(client: Client, caseId: string, bundle: SopBundle, decision: SopMigrationDecision): Promise<MigrationPreview> {
  const checked = sopMigrationDecision.safeParse(decision);
  if (!checked.success) throw invalidFromZod(checked.error, '');
  return translated(client.options.namespace, () =>
    client.workflow.getHandle(caseId).executeUpdate(applyMigrationUpdate, { args: [{ sop: { hash: contentHash(bundle) }, ...checked.data }] }),
  );
}
