// Verifies a bearer token against the issuer's key set (jose) and turns its claims into a Caller. Any OIDC
// provider works: the issuer, audience and claim names are configuration. Refusals name no claim value.
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { callerProblem, jurisdiction, roleId, SOURCE_SYSTEM_ROLE, type Caller, type RoleId } from './caller';

export interface ClaimNames {
  /** Dotted paths are followed, e.g. Keycloak's `realm_access.roles`. */
  roles: string;
  province: string;
  district: string;
  policeStation: string;
}

export const DEFAULT_CLAIMS: ClaimNames = { roles: 'roles', province: 'province', district: 'district', policeStation: 'police_station' };

export interface TokenVerifierConfig {
  issuer: string;
  audience: string;
  claims?: Partial<ClaimNames>;
  /** Tests and the embedded provider pass a local key set; otherwise the issuer's jwks_uri is fetched. */
  keys?: JWTVerifyGetKey;
  jwksUri?: string;
}

export type TokenVerifier = (token: string) => Promise<Caller>;

export class TokenRefused extends Error {
  constructor(
    readonly code: 'token-invalid' | 'token-expired' | 'token-claims-invalid',
    detail: string,
  ) {
    super(detail);
  }
}

/** Asymmetric algorithms only: `none` and HMAC (a shared secret the API would have to hold) are refused. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

function claimAt(payload: JWTPayload, dotted: string): unknown {
  let at: unknown = payload;
  for (const key of dotted.split('.')) {
    if (!at || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

async function discoverJwksUri(issuer: string): Promise<string> {
  const response = await fetch(new URL(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`));
  if (!response.ok) throw new Error(`OIDC discovery at ${issuer} answered ${response.status}`);
  const doc = (await response.json()) as { jwks_uri?: unknown; issuer?: unknown };
  if (doc.issuer !== issuer || typeof doc.jwks_uri !== 'string') throw new Error(`OIDC discovery at ${issuer} gave another issuer or no jwks_uri`);
  return doc.jwks_uri;
}

export function createTokenVerifier(config: TokenVerifierConfig): TokenVerifier {
  const names = { ...DEFAULT_CLAIMS, ...config.claims };
  let keys: Promise<JWTVerifyGetKey> | undefined = config.keys ? Promise.resolve(config.keys) : undefined;
  const keySet = (): Promise<JWTVerifyGetKey> => {
    keys ??= (config.jwksUri ? Promise.resolve(config.jwksUri) : discoverJwksUri(config.issuer)).then((uri) => createRemoteJWKSet(new URL(uri)));
    // A failed discovery is retried on the next request rather than remembered.
    keys.catch(() => (keys = undefined));
    return keys;
  };

  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await keySet(), { issuer: config.issuer, audience: config.audience, algorithms: ALGORITHMS }));
    } catch (err) {
      if (err instanceof errors.JWTExpired) throw new TokenRefused('token-expired', 'the token has expired');
      if (err instanceof errors.JOSEError) throw new TokenRefused('token-invalid', 'the token is not valid for this API');
      throw err;
    }
    const rawRoles = claimAt(payload, names.roles);
    // Providers add roles of their own (offline_access, default-roles-…): only sopflow's role ids count.
    const roles = (Array.isArray(rawRoles) ? rawRoles : []).flatMap((r) => {
      const parsed = roleId.safeParse(r);
      return parsed.success ? [parsed.data] : [];
    });
    const place = jurisdiction.safeParse({
      province: claimAt(payload, names.province),
      district: claimAt(payload, names.district) ?? undefined,
      policeStation: claimAt(payload, names.policeStation) ?? undefined,
    });
    if (!place.success) throw new TokenRefused('token-claims-invalid', 'the token carries no valid jurisdiction');
    const kind: Caller['kind'] = roles.includes(SOURCE_SYSTEM_ROLE) && !roles.some((r) => r !== SOURCE_SYSTEM_ROLE) ? 'system' : 'user';
    const problemText = callerProblem(kind, roles, place.data);
    if (problemText) throw new TokenRefused('token-claims-invalid', problemText);
    const clientId = typeof payload.client_id === 'string' ? payload.client_id : typeof payload.azp === 'string' ? payload.azp : undefined;
    const subject = kind === 'system' ? (clientId ?? payload.sub) : payload.sub;
    if (!subject) throw new TokenRefused('token-claims-invalid', 'the token names no subject');
    const { province, district, policeStation } = place.data;
    const where = { province, ...(district ? { district } : {}), ...(policeStation ? { policeStation } : {}) };
    return { subject, kind, roles: [...new Set<RoleId>(roles)], jurisdiction: where };
  };
}
