// Moving a running case to a new SOP version from an edge: preview first, then apply what was previewed.
import type { Client } from '@temporalio/client';
import { contentHash } from '../rules/compiler/content-hash';
import type { MigrationPreview } from '../rules/case-engine/index';
import type { SopBundle } from '../rules/loader/load-sop';
import { applyMigrationUpdate, previewMigrationUpdate, sopMigrationDecision, type SopMigrationDecision } from '../workflows/case-messages';

export function previewCaseMigration(client: Client, caseId: string, bundle: SopBundle): Promise<MigrationPreview> {
  return client.workflow.getHandle(caseId).executeUpdate(previewMigrationUpdate, { args: [{ sop: { hash: contentHash(bundle), bundle } }] });
}

export function applyCaseMigration(client: Client, caseId: string, bundle: SopBundle, decision: SopMigrationDecision): Promise<MigrationPreview> {
  const checked = sopMigrationDecision.parse(decision);
  return client.workflow.getHandle(caseId).executeUpdate(applyMigrationUpdate, { args: [{ sop: { hash: contentHash(bundle), bundle }, ...checked }] });
}
