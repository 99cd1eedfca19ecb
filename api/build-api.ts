// The HTTP API's assembly: Fastify with zod as the contract (requests validated, responses validated and
// stripped), OpenAPI 3.1 at /openapi.json, Swagger UI at /docs (assets served from the package), problem+json
// errors, body and rate limits, security headers, then one plugin per concern. Dependencies come in, so tests
// inject fakes and the stack passes real ones.
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditRoutes } from './audit/audit-routes';
import { installAuditRecorder } from './audit/audit-recorder';
import type { AuditSink } from './audit/audit-sink';
import { installAuthentication } from './auth/authentication';
import type { TokenVerifier } from './auth/token-verifier';
import { caseRoutes } from './cases/case-routes';
import type { CasesPort } from './cases/cases-port';
import { intakeRoutes } from './intake/intake-routes';
import { codecRoutes, type CodecRouteOptions } from './codec/codec-routes';
import { simulationRoutes, type SimulationRouteOptions } from './simulations/simulation-routes';
import { webhookRoutes, type WebhookRouteOptions } from './webhooks/webhook-routes';
import { kpiRoutes, type KpiRouteOptions } from './kpis/kpi-routes';
import { wireShapedDocument } from './openapi-document';
import { clientProblem, frameworkProblem, installProblemHandlers, MAX_PARAM_LENGTH } from './problem';
import type { SopCatalogue } from './sop-packs/sop-catalogue';
import { sopPublishRoute } from './sop-packs/sop-publish-route';
import type { SopStore } from '../activities/sop-store';
import { sopPackRoutes } from './sop-packs/sop-pack-routes';
import { sopStudioRoutes } from './sop-packs/sop-studio-routes';
import { taskRoutes } from './tasks/task-routes';
import { savedViewRoutes } from './saved-views/saved-view-routes';
import type { SavedViewsPort } from './saved-views/saved-views-port';
import { serveWebApp } from './web/web-app';
import { installWebSignIn, type WebSignInOptions } from './web/web-session';
import type { TasksPort } from './tasks/tasks-port';

export interface ApiDependencies {
  verifyToken: TokenVerifier;
  cases: CasesPort;
  tasks: TasksPort;
  audit: AuditSink;
  sopPacks: SopCatalogue;
  /** Where the SOP packs and their scenarios are (the studio checks drafts beside them); default: the repository's. */
  sopDefinitionsDir?: string;
  /** Where published packs go (the workers' SOP registry); without it the API publishes none. */
  sopRegistry?: Pick<SopStore, 'publish'>;
  /** The codec server for Temporal's Web UI; absent: no /codec routes. */
  codec?: Omit<CodecRouteOptions, 'audit' | 'now'>;
  /** Webhook receivers and dead letters; absent: no /webhooks routes. */
  webhooks?: WebhookRouteOptions;
  /** Simulation jobs; absent: no /simulations routes. */
  simulations?: SimulationRouteOptions;
  /** Saved views (the read model's table); absent: no /saved-views routes. */
  savedViews?: SavedViewsPort;
  /** The web app: its built files at /app/ and its server-side sign-in; absent: no /app routes. */
  web?: { distDir: string; signIn: Omit<WebSignInOptions, 'verifyToken'> };
  /** The read model the KPI routes read; absent: no /kpis routes. */
  kpis?: KpiRouteOptions;
  now?: () => Date;
  /** Largest request body in bytes (a batch of events stays well under 1 MiB). */
  bodyLimit?: number;
  rateLimit?: { max: number; timeWindowMs: number };
  logger?: boolean;
}

const REPOSITORY_DEFINITIONS_DIR = fileURLToPath(new URL('../sop-definitions/', import.meta.url));

export const API_VERSION = '0.1.0';

export async function buildApi(deps: ApiDependencies): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: deps.bodyLimit ?? 1024 * 1024,
    // Case ids hold slashes; clients URL-encode them and the router decodes the parameter.
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: frameworkProblem,
    clientErrorHandler: clientProblem,

  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installProblemHandlers(app);

  await app.register(fastifyHelmet, {
    // Swagger UI's page needs its own inline script and styles; everything else is self-hosted.
    contentSecurityPolicy: { directives: { 'script-src': ["'self'"], 'style-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'] } },
  });
  await app.register(fastifyRateLimit, {
    max: deps.rateLimit?.max ?? 600,
    timeWindow: deps.rateLimit?.timeWindowMs ?? 60_000,
    // Per caller where a token came, else per address: one busy CMMS does not throttle every supervisor.
    keyGenerator: (request) => request.headers.authorization?.slice(-32) ?? request.ip,
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'sopflow API', version: API_VERSION, description: 'Cases, tasks and SOP packs of the police–prosecution SOPs. Errors are application/problem+json (RFC 9457).' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
    transform: jsonSchemaTransform,
    transformObject: (input) => wireShapedDocument(jsonSchemaTransformObject(input), { $ref: '#/components/schemas/Problem' }),
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' }, uiHooks: {}, staticCSP: true });

  const sessions = deps.web ? await installWebSignIn(app, { ...deps.web.signIn, verifyToken: deps.verifyToken }) : undefined;
  installAuthentication(app, deps.verifyToken, sessions ? (request) => sessions.tokenFor(request) : undefined);
  installAuditRecorder(app, deps.audit, deps.now ?? (() => new Date()));

  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, () => app.swagger());
  app.get(
    '/health',
    { config: { public: true }, schema: { tags: ['meta'], summary: 'Liveness', response: { 200: z.object({ status: z.literal('ok'), version: z.string() }) } } },
    () => ({ status: 'ok' as const, version: API_VERSION }),
  );
  await app.register(sopPackRoutes, { catalogue: deps.sopPacks });
  await app.register(sopStudioRoutes, { catalogue: deps.sopPacks, definitionsDir: deps.sopDefinitionsDir ?? REPOSITORY_DEFINITIONS_DIR });
  if (deps.sopRegistry) await app.register(sopPublishRoute, { registry: deps.sopRegistry });
  await app.register(caseRoutes, { cases: deps.cases });
  await app.register(taskRoutes, { tasks: deps.tasks });
  await app.register(intakeRoutes, { cases: deps.cases });
  await app.register(auditRoutes, { sink: deps.audit });
  if (deps.codec) await app.register(codecRoutes, { ...deps.codec, audit: deps.audit, now: deps.now ?? (() => new Date()) });
  if (deps.webhooks) await app.register(webhookRoutes, deps.webhooks);
  if (deps.simulations) await app.register(simulationRoutes, deps.simulations);
  if (deps.savedViews) await app.register(savedViewRoutes, { views: deps.savedViews, ...(deps.now ? { now: () => deps.now!().getTime() } : {}) });
  if (deps.web) await serveWebApp(app, { distDir: deps.web.distDir });
  if (deps.kpis) await app.register(kpiRoutes, deps.kpis);
  return app;
}
