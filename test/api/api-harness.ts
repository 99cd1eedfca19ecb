// Test harness for the API: buildApi with a key set the test controls (so it can sign good, expired, foreign and
// unsigned tokens), a fake cases port of known cases, and an audit file in a temporary directory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { buildApi, type ApiDependencies } from '../../api/build-api';
import { JsonLinesAuditSink } from '../../api/audit/audit-sink';
import { inScope } from '../../api/auth/authorisation';
import type { Jurisdiction } from '../../api/auth/caller';
import { createTokenVerifier } from '../../api/auth/token-verifier';
import type { CaseSummary, CasesPort } from '../../api/cases/cases-port';
import { loadSopCatalogue, type SopCatalogue } from '../../api/sop-packs/sop-catalogue';

export const ISSUER = 'https://issuer.test';
export const AUDIENCE = 'sopflow-api';
const definitionsDir = fileURLToPath(new URL('../../sop-definitions/', import.meta.url));

let catalogue: SopCatalogue | undefined;
export const sopCatalogue = (): SopCatalogue => (catalogue ??= loadSopCatalogue(definitionsDir));

const summary = (caseId: string, jurisdiction: Jurisdiction, stage: string): CaseSummary => ({
  caseId,
  jurisdiction,
  offenceClass: 'ordinary',
  stage: { id: stage, label: stage },
  sop: { province: jurisdiction.province, version: '2026.1' },
  overdueClocks: stage === 'investigation' ? 1 : 0,
});

export const CASES: CaseSummary[] = [
  summary('case/punjab/lahore/model-town/101-2026', { province: 'punjab', district: 'lahore', policeStation: 'model-town' }, 'investigation'),
  summary('case/punjab/lahore/gulberg/7-2026', { province: 'punjab', district: 'lahore', policeStation: 'gulberg' }, 'trial'),
  summary('case/punjab/multan/cantt/55-2026', { province: 'punjab', district: 'multan', policeStation: 'cantt' }, 'investigation'),
  summary('case/sindh/karachi-south/clifton/9-2026', { province: 'sindh', district: 'karachi-south', policeStation: 'clifton' }, 'investigation'),
];

/** A port that, like a careless backend, ignores the scope for one listing: the API must still filter. */
export function fakeCasesPort(options: { ignoreScope?: boolean } = {}): CasesPort {
  return {
    findCase: (caseId) => {
      const found = CASES.find((c) => c.caseId === caseId);
      // A field outside the contract, as personal data might be: the response schema must strip it.
      return Promise.resolve(found ? ({ ...found, complainantName: 'Not For Export' } as CaseSummary) : undefined);
    },
    listCases: (scope, filter) =>
      Promise.resolve(CASES.filter((c) => (options.ignoreScope || inScope(scope, c.jurisdiction)) && (!filter.stage || c.stage.id === filter.stage) && (filter.overdue === undefined || (c.overdueClocks > 0) === filter.overdue))),
  };
}

export interface Claims {
  sub?: string;
  roles?: string[];
  province?: string;
  district?: string;
  police_station?: string;
  client_id?: string;
}

export interface Harness {
  app: Awaited<ReturnType<typeof buildApi>>;
  audit: JsonLinesAuditSink;
  token(claims: Claims, options?: { expiresIn?: string; issuer?: string; audience?: string; key?: CryptoKey; alg?: string }): Promise<string>;
  foreignKey: CryptoKey;
  close(): Promise<void>;
}

export async function apiHarness(
  options: { ignoreScope?: boolean; rateLimit?: { max: number; timeWindowMs: number }; bodyLimit?: number; deps?: Partial<ApiDependencies> } = {},
): Promise<Harness> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const foreign = await generateKeyPair('ES256');
  const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' }] });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-api-'));
  const audit = new JsonLinesAuditSink(path.join(dir, 'audit', 'audit.jsonl'));
  const app = await buildApi({
    verifyToken: createTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: jwks }),
    cases: fakeCasesPort(options),
    audit,
    sopPacks: sopCatalogue(),
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
    ...options.deps,
  });
  await app.ready();
  return {
    app,
    audit,
    foreignKey: foreign.privateKey,
    token: (claims, o = {}) =>
      new SignJWT({ ...claims })
        .setProtectedHeader({ alg: o.alg ?? 'ES256', kid: 'k1' })
        .setIssuer(o.issuer ?? ISSUER)
        .setAudience(o.audience ?? AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(o.expiresIn ?? '5m')
        .sign(o.key ?? privateKey),
    close: async () => {
      await app.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const PEOPLE = {
  lahoreSho: { sub: 'u-lahore-sho', roles: ['sho'], province: 'punjab', district: 'lahore', police_station: 'model-town' },
  gulbergSho: { sub: 'u-gulberg-sho', roles: ['sho'], province: 'punjab', district: 'lahore', police_station: 'gulberg' },
  multanSho: { sub: 'u-multan-sho', roles: ['sho'], province: 'punjab', district: 'multan', police_station: 'cantt' },
  lahoreDdpp: { sub: 'u-lahore-ddpp', roles: ['ddpp'], province: 'punjab', district: 'lahore' },
  punjabPg: { sub: 'u-punjab-pg', roles: ['prosecutor_general'], province: 'punjab' },
  punjabAuthor: { sub: 'u-punjab-author', roles: ['sop_author'], province: 'punjab' },
  punjabAuditor: { sub: 'u-punjab-auditor', roles: ['auditor'], province: 'punjab' },
  sindhAuthor: { sub: 'u-sindh-author', roles: ['sop_author'], province: 'sindh' },
  karachiSho: { sub: 'u-karachi-sho', roles: ['sho'], province: 'sindh', district: 'karachi-south', police_station: 'clifton' },
  sindhCmms: { client_id: 'sindh-cmms', sub: 'sindh-cmms', roles: ['source_system'], province: 'sindh' },
} satisfies Record<string, Claims>;
