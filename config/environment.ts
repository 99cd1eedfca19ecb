// Runtime configuration comes from environment variables, validated once at the edge.
import { z } from 'zod';
import { KEY_BYTES, keyIdPattern } from '../security/payload-encryption-codec';

const optionalPath = z.string().trim().min(1).optional();

// Messages never echo a key: they name the variable and say what would be valid.
const KEY_HINT = `must be base64 of ${KEY_BYTES} random bytes, e.g. the output of \`openssl rand -base64 32\``;
export function isPayloadKeyBase64(value: string): boolean {
  return /^[A-Za-z0-9+/]+={0,2}$/.test(value) && Buffer.from(value, 'base64').length === KEY_BYTES;
}
export const payloadKeyBase64 = z.string().trim().refine(isPayloadKeyBase64, KEY_HINT);
export const payloadKeyId = z.string().trim().regex(keyIdPattern, 'must be 1–64 letters, digits, . _ or - (e.g. 2026-11)');

/** `id:base64,id:base64`: keys retired from encrypting that must still decrypt older payloads. */
const oldPayloadKeys = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const keys: { id: string; key: string }[] = [];
    for (const [index, entry] of value.split(',').entries()) {
      if (!entry.trim()) continue;
      const separator = entry.indexOf(':');
      const id = entry.slice(0, separator).trim();
      const key = entry.slice(separator + 1).trim();
      if (separator < 0 || !keyIdPattern.test(id)) {
        ctx.addIssue({ code: 'custom', message: `entry ${index + 1} must be <key id>:<base64 key>, with a key id of letters, digits, . _ or -` });
      } else if (!isPayloadKeyBase64(key)) {
        ctx.addIssue({ code: 'custom', message: `key "${id}" ${KEY_HINT}` });
      } else if (keys.some((k) => k.id === id)) {
        ctx.addIssue({ code: 'custom', message: `key id "${id}" is given twice` });
      } else {
        keys.push({ id, key });
      }
    }
    return keys;
  });

export const environmentSchema = z
  .object({
    /** host:port of an existing Temporal cluster / Temporal Cloud. Unset: `npm start` runs a local dev server. */
    TEMPORAL_ADDRESS: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'must be host:port, e.g. my-ns.a1b2c.tmprl.cloud:7233')
      .optional(),
    TEMPORAL_NAMESPACE: z.string().trim().min(1).default('default'),
    TEMPORAL_TLS_CERT: optionalPath,
    TEMPORAL_TLS_KEY: optionalPath,
    TEMPORAL_TLS_CA: optionalPath,
    TEMPORAL_TLS_SERVER_NAME: z.string().trim().min(1).optional(),
    TEMPORAL_API_KEY: z.string().trim().min(1).optional(),
    SOPFLOW_TASK_QUEUE: z.string().trim().min(1).default('sopflow-cases'),
    /** Local dev server: gRPC port, Web UI port, and where its SQLite file lives. */
    SOPFLOW_DEV_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
    SOPFLOW_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
    SOPFLOW_DATA_DIR: z.string().trim().min(1).default('data'),
    /** Payload encryption (AES-256-GCM): the key new payloads are encrypted with, and its id. */
    SOPFLOW_PAYLOAD_KEY: payloadKeyBase64.optional(),
    SOPFLOW_PAYLOAD_KEY_ID: payloadKeyId.optional(),
    SOPFLOW_PAYLOAD_OLD_KEYS: oldPayloadKeys.optional(),
    /** HTTP API port, and sign-in: an OIDC issuer (unset: the embedded local-only provider on SOPFLOW_OIDC_PORT). */
    SOPFLOW_API_PORT: z.coerce.number().int().min(1).max(65535).default(7501),
    /** Where the API listens: loopback by default; 0.0.0.0 (or an interface address) behind a proxy in production. */
    SOPFLOW_API_HOST: z.string().trim().regex(/^[A-Za-z0-9.:-]+$/, 'must be a host name or IP address, e.g. 127.0.0.1 or 0.0.0.0').default('127.0.0.1'),
    SOPFLOW_OIDC_ISSUER: z.url({ protocol: /^https?$/, error: 'must be the issuer URL, e.g. https://sso.example.gov.pk/realms/sopflow' }).optional(),
    SOPFLOW_OIDC_AUDIENCE: z.string().trim().min(1).default('sopflow-api'),
    /** The web app's OpenID client (public, authorisation code + PKCE; callback <API URL>/app/auth/callback). */
    SOPFLOW_OIDC_WEB_CLIENT_ID: z.string().trim().min(1).default('sopflow-web'),
    SOPFLOW_OIDC_PORT: z.coerce.number().int().min(1).max(65535).default(7502),
    /** Claim names; dotted paths reach nested claims (Keycloak's realm roles: realm_access.roles). */
    SOPFLOW_OIDC_ROLES_CLAIM: z.string().trim().min(1).default('roles'),
    SOPFLOW_OIDC_PROVINCE_CLAIM: z.string().trim().min(1).default('province'),
    SOPFLOW_OIDC_DISTRICT_CLAIM: z.string().trim().min(1).default('district'),
    SOPFLOW_OIDC_POLICE_STATION_CLAIM: z.string().trim().min(1).default('police_station'),
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.TEMPORAL_TLS_CERT) !== Boolean(env.TEMPORAL_TLS_KEY)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.TEMPORAL_TLS_CERT ? 'TEMPORAL_TLS_KEY' : 'TEMPORAL_TLS_CERT'],
        message: 'mTLS needs both TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY',
      });
    }
    const usesRemoteOnlySetting =
      env.TEMPORAL_TLS_CERT ?? env.TEMPORAL_TLS_CA ?? env.TEMPORAL_API_KEY ?? env.TEMPORAL_TLS_SERVER_NAME;
    if (usesRemoteOnlySetting && !env.TEMPORAL_ADDRESS) {
      ctx.addIssue({
        code: 'custom',
        path: ['TEMPORAL_ADDRESS'],
        message: 'TLS or API-key settings are given but TEMPORAL_ADDRESS is not: say which cluster they are for',
      });
    }
    if (env.SOPFLOW_PAYLOAD_KEY && !env.SOPFLOW_PAYLOAD_KEY_ID) {
      ctx.addIssue({ code: 'custom', path: ['SOPFLOW_PAYLOAD_KEY_ID'], message: 'SOPFLOW_PAYLOAD_KEY needs an id (stored with each payload so keys can rotate)' });
    }
    if (!env.SOPFLOW_PAYLOAD_KEY && (env.SOPFLOW_PAYLOAD_KEY_ID ?? env.SOPFLOW_PAYLOAD_OLD_KEYS?.length)) {
      ctx.addIssue({ code: 'custom', path: ['SOPFLOW_PAYLOAD_KEY'], message: 'a payload key id or old keys are given but no current key' });
    }
    if (env.SOPFLOW_PAYLOAD_OLD_KEYS?.some((k) => k.id === env.SOPFLOW_PAYLOAD_KEY_ID)) {
      ctx.addIssue({ code: 'custom', path: ['SOPFLOW_PAYLOAD_OLD_KEYS'], message: `key id "${env.SOPFLOW_PAYLOAD_KEY_ID}" is the current key's id; old keys need ids of their own` });
    }
  });

export type Environment = z.infer<typeof environmentSchema>;

export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/** Parses the environment; every problem is reported at once, by variable name. */
export function loadEnvironment(source: Record<string, string | undefined> = process.env): Environment {
  const result = environmentSchema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(environment)'}: ${issue.message}`);
  throw new ConfigurationError(`invalid configuration:\n${lines.join('\n')}`);
}
