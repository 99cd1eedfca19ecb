// The HTTP API as a running server: buildApi wired to the real parts (the Temporal client, the SOP catalogue,
// the JSON-lines audit file, the codec on the workers' keys, webhook receivers and dead letters, simulation jobs)
// and to sign-in: an OIDC issuer from the configuration, or, when none is set, the embedded local-only provider
// run in this process. Used by `npm start` (cli/start.ts) and `npm run api` (api/main.ts).
import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { localSopStore } from '../activities/index';
import { DEFAULT_DEFINITIONS_DIR } from '../activities/simulation-job';
import { loadWebhookReceivers, RECEIVERS_FILE, webhookSender } from '../activities/webhook-sender';
import type { Environment } from '../config/environment';
import { PayloadEncryptionCodec, type PayloadKeyring } from '../security/payload-encryption-codec';
import { defaultAuditFile, JsonLinesAuditSink } from './audit/audit-sink';
import { createTokenVerifier, DEFAULT_CLAIMS, type ClaimNames } from './auth/token-verifier';
import { buildApi } from './build-api';
import { temporalCasesPort } from './cases/temporal-cases-port';
import { LOCAL_WEB_CLIENT_ID, startLocalProvider } from './oidc/local-provider';
import { temporalSimulationJobs } from './simulations/simulation-jobs-port';
import { loadSopCatalogue } from './sop-packs/sop-catalogue';
import { temporalTasksPort } from './tasks/temporal-tasks-port';
import { readModelCasesPort } from './cases/read-model-cases-port';
import { readModelSavedViews } from './saved-views/read-model-saved-views';
import { readModelTasksPort } from './tasks/read-model-tasks-port';
import { WEB_DIST_DIR } from './web/web-app';
import type { ReadModelDb } from '../projection/read-model';

export interface ApiServerOptions {
  /** A client built by client/temporal-client.ts (encrypting with `keyring`). */
  client: Client;
  /** The payload keys the workers use: the codec server decrypts with them. */
  keyring: PayloadKeyring;
  dataDir: string;
  /** Where the SOP packs are; default: the repository's sop-definitions/. */
  definitionsDir?: string;
  /** The read model the workers project into: inboxes, the overdue listing and saved views and the KPIs live there. Absent: Temporal visibility, no saved views, no /kpis. */
  readModel?: ReadModelDb;
  /** Requests per caller per window; default buildApi's. A contract fuzzer sends more than a person would. */
  rateLimit?: { max: number; timeWindowMs: number };
  /** The built web app; default web/dist (scripts/build-web.ts). */
  webDistDir?: string;
}

export interface ApiServer {
  url: string;
  /** The web app (sign-in through the issuer, session kept by this server). */
  appUrl: string;
  /** The OpenID issuer tokens must come from. */
  issuer: string;
  /** True when the issuer is the embedded, local-only provider with the demo directory. */
  localProvider: boolean;
  /** How many webhook receivers are registered (0: no receivers file). */
  webhookReceivers: number;
  close(): Promise<void>;
}

function claimNames(env: Environment): ClaimNames {
  return {
    roles: env.SOPFLOW_OIDC_ROLES_CLAIM,
    province: env.SOPFLOW_OIDC_PROVINCE_CLAIM,
    district: env.SOPFLOW_OIDC_DISTRICT_CLAIM,
    policeStation: env.SOPFLOW_OIDC_POLICE_STATION_CLAIM,
  };
}

const listenFailure = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));

export async function startApiServer(env: Environment, options: ApiServerOptions): Promise<ApiServer> {
  const dataDir = path.resolve(options.dataDir);
  const host = env.SOPFLOW_API_HOST;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${env.SOPFLOW_API_PORT}`;
  const catalogue = loadSopCatalogue(options.definitionsDir ?? DEFAULT_DEFINITIONS_DIR);
  const receiversFile = path.join(dataDir, RECEIVERS_FILE);
  const receivers = fs.existsSync(receiversFile) ? loadWebhookReceivers(receiversFile) : [];
  // The worker's sender owns the dead-letter store; the API only reads it.
  const deadLetterStore = webhookSender({ receivers, dataDir }).deadLetters;

  const local = env.SOPFLOW_OIDC_ISSUER
    ? undefined
    : await startLocalProvider({ dataDir, port: env.SOPFLOW_OIDC_PORT, audience: env.SOPFLOW_OIDC_AUDIENCE, redirectUris: [`${url}/docs/oauth2-redirect.html`, `${url}/app/auth/callback`] }).catch((err: unknown) => {
        throw new Error(`the embedded OpenID provider could not start on 127.0.0.1:${env.SOPFLOW_OIDC_PORT} (${listenFailure(err)}); set SOPFLOW_OIDC_PORT, or SOPFLOW_OIDC_ISSUER for a provider of your own`);
      });
  const issuer = local?.issuer ?? env.SOPFLOW_OIDC_ISSUER!;
  const { readModel } = options;
  const temporalCases = temporalCasesPort({ client: options.client, taskQueue: env.SOPFLOW_TASK_QUEUE, catalogue });
  try {
    const app = await buildApi({
      // The embedded provider issues the default claim names whatever the configuration says.
      verifyToken: createTokenVerifier({ issuer, audience: env.SOPFLOW_OIDC_AUDIENCE, claims: local ? DEFAULT_CLAIMS : claimNames(env) }),
      cases: readModel ? readModelCasesPort(temporalCases, readModel, catalogue) : temporalCases,
      tasks: readModel ? readModelTasksPort(options.client, readModel) : temporalTasksPort(options.client),
      audit: new JsonLinesAuditSink(defaultAuditFile(dataDir)),
      sopPacks: catalogue,
      sopDefinitionsDir: options.definitionsDir ?? DEFAULT_DEFINITIONS_DIR,
      sopRegistry: localSopStore(dataDir, options.definitionsDir ?? DEFAULT_DEFINITIONS_DIR),
      codec: { codec: new PayloadEncryptionCodec(options.keyring) },
      ...(receivers.length ? { webhooks: { receivers, deadLetters: async () => (await deadLetterStore.list()).map((d) => d.record) } } : {}),
      simulations: { jobs: temporalSimulationJobs(options.client, env.SOPFLOW_TASK_QUEUE), catalogue },
      ...(readModel ? { savedViews: readModelSavedViews(readModel) } : {}),
      web: {
        distDir: options.webDistDir ?? WEB_DIST_DIR,
        signIn: { issuer, clientId: local ? LOCAL_WEB_CLIENT_ID : env.SOPFLOW_OIDC_WEB_CLIENT_ID, publicUrl: url, ...(local ? { idTokenAlg: 'ES256' } : {}) },
      },
      ...(options.readModel ? { kpis: { readModel: options.readModel } } : {}),
      ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    });
    try {
      await app.listen({ port: env.SOPFLOW_API_PORT, host });
    } catch (err) {
      await app.close();
      throw new Error(`the HTTP API could not listen on ${url} (${listenFailure(err)}); set SOPFLOW_API_PORT`);
    }
    return {
      url,
      appUrl: `${url}/app/`,
      issuer,
      localProvider: local !== undefined,
      webhookReceivers: receivers.length,
      close: async () => {
        await app.close();
        await local?.close();
      },
    };
  } catch (err) {
    await local?.close();
    throw err;
  }
}
