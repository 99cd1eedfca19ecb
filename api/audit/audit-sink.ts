// The audit log: who did what to which case, when, and how it ended. Append-only and free of personal data (ids,
// roles and jurisdictions only). The AuditSink seam lets a database host it; the default is a JSON-lines file.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { z } from 'zod';
import { jurisdiction, jurisdictionView, roleId } from '../auth/caller';

export const auditEntry = z
  .object({
    at: z.iso.datetime(),
    /** The token's subject or client id; `anonymous` when no valid token came. */
    subject: z.string(),
    kind: z.enum(['user', 'system', 'anonymous']),
    roles: z.array(roleId),
    jurisdiction: jurisdictionView.optional(),
    action: z.string(),
    caseId: z.string().optional(),
    outcome: z.enum(['ok', 'refused', 'not-found', 'invalid', 'conflict', 'error']),
    status: z.number().int(),
    requestId: z.string(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof auditEntry>;

export const auditFilter = z
  .object({
    subject: z.string().max(200).optional(),
    action: z.string().max(80).optional(),
    caseId: z.string().max(200).optional(),
    outcome: auditEntry.shape.outcome.optional(),
    province: jurisdiction.shape.province.optional(),
    from: z.iso.datetime().optional().describe('inclusive'),
    to: z.iso.datetime().optional().describe('exclusive'),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();
export type AuditFilter = z.infer<typeof auditFilter>;

export interface AuditSink {
  append(entry: AuditEntry): Promise<void>;
  /** Oldest first, at most `filter.limit` entries. */
  query(filter: AuditFilter): Promise<AuditEntry[]>;
}

export function matchesAudit(entry: AuditEntry, f: AuditFilter): boolean {
  return (
    (f.subject === undefined || entry.subject === f.subject) &&
    (f.action === undefined || entry.action === f.action) &&
    (f.caseId === undefined || entry.caseId === f.caseId) &&
    (f.outcome === undefined || entry.outcome === f.outcome) &&
    (f.province === undefined || entry.jurisdiction?.province === f.province) &&
    (f.from === undefined || entry.at >= f.from) &&
    (f.to === undefined || entry.at < f.to)
  );
}

/** One JSON object per line, opened in append mode: earlier lines are never rewritten. */
export class JsonLinesAuditSink implements AuditSink {
  private writes: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
  }

  append(entry: AuditEntry): Promise<void> {
    const line = `${JSON.stringify(auditEntry.parse(entry))}\n`;
    // Serialised so concurrent requests never interleave partial lines.
    this.writes = this.writes.catch(() => undefined).then(() => fs.promises.appendFile(this.file, line, { flag: 'a', mode: 0o600 }));
    return this.writes;
  }

  async query(filter: AuditFilter): Promise<AuditEntry[]> {
    await this.writes.catch(() => undefined);
    if (!fs.existsSync(this.file)) return [];
    const out: AuditEntry[] = [];
    const lines = readline.createInterface({ input: fs.createReadStream(this.file, 'utf8'), crlfDelay: Infinity });
    for await (const line of lines) {
      if (!line.trim()) continue;
      const parsed = auditEntry.safeParse(JSON.parse(line));
      if (parsed.success && matchesAudit(parsed.data, filter)) out.push(parsed.data);
      if (out.length >= filter.limit) break;
    }
    return out;
  }
}

export function defaultAuditFile(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'audit', 'audit.jsonl');
}
