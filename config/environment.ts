// Runtime configuration comes from environment variables, validated once at the edge.
import { z } from 'zod';

const optionalPath = z.string().trim().min(1).optional();

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
