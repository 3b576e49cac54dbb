import './fastify-types';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import { TypeBoxValidatorCompiler, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyServerOptions } from 'fastify';
import { randomUUID } from 'node:crypto';
import { BillingError } from '../../assets/common-billing/protocol/error-codes';
import { errorBody } from '../../assets/common-billing/protocol/errors/messages';
import type { BillingContext } from './domain/context';
import type { ServerKeys } from './domain/keys';
import { MarketServices, type MarketRegistry } from './domain/market-services';
import { marketModules } from './markets/registry';
import { FEATURES, type Feature } from './features';
import { installErrorHandling } from './plugins/errors';
import { installInputPolicy } from './plugins/input-policy';
import { installAccessLog } from './plugins/access-log';
import { Metrics, installMetrics } from './plugins/metrics';
import { loggerOptions } from './plugins/log-destination';
import { securitySchemes } from './routes/security';
import { adminRoutes } from './routes/admin';
import { claimRoutes } from './routes/claims';
import { entitlementRoutes } from './routes/entitlements';
import { opsRoutes } from './routes/ops';
import { purchaseRoutes } from './routes/purchases';
import { sdkRoutes } from './routes/sdk';
import { startupNotices } from './domain/startup-notices';
import type { Database } from './storage/types';
import { installCors } from './plugins/cors';
import { installSecurityHeaders } from './plugins/security-headers';
import { databaseRateLimitStore } from './plugins/rate-limit-store';

export interface BuildAppOptions {
  db: Database;
  keys: ServerKeys;
  /** The market modules; production passes `server/src/markets/registry.ts`, tests their own. */
  markets: MarketRegistry;
  /** Bearer token of the admin API; the admin API answers 401 to everyone when absent. */
  adminToken?: string;
  now?: () => number;
  fetch?: typeof fetch;
  /** false = silent, true = info to stdout, or pino options. */
  logger?: FastifyServerOptions['logger'];
  bodyLimitBytes?: number;
  /** Requests per minute per client IP; 0 disables rate limiting. */
  rateLimitPerMinute?: number;
  sessionTtlMs?: number;
  reservationTtlMs?: number;
  features?: readonly Feature[];
  trustProxy?: boolean;
  /** Origins allowed to call `/v1/*` from a browser (e.g. the Cocos preview, http://localhost:7456); '*' for any. */
  corsOrigins?: readonly string[];
  /**
   * true: `close()` also ends connections that are busy (a half-sent request, a keep-alive
   * socket mid-request) instead of waiting for them. Default: Fastify's, which ends idle ones only.
   */
  forceCloseConnections?: boolean;
}

/** Builds the billing server (not listening); the caller owns `db` and closes it after the app. */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const now = options.now ?? Date.now;
  // Redacted whatever comes in; stdout through pino's asynchronous destination unless a stream is given.
  const logger = loggerOptions(options.logger);
  const app = Fastify({
    logger,
    bodyLimit: options.bodyLimitBytes ?? 64 * 1024,
    genReqId: () => randomUUID(),
    // One access line per request instead of two (plugins/access-log.ts).
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: options.trustProxy ?? false,
    routerOptions: { maxParamLength: 200 },
    ...(options.forceCloseConnections ? { forceCloseConnections: true } : {}),
    // Malformed URLs (bad percent-encoding) never reach the error handler; answer them here.
    frameworkErrors: (_error, _request, reply) => {
      void (reply as unknown as FastifyReply).status(400).send(errorBody(new BillingError('BAD_REQUEST', 'The URL is malformed.')));
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(TypeBoxValidatorCompiler);

  const billing: BillingContext = {
    db: options.db,
    keys: options.keys,
    now,
    sessionTtlMs: options.sessionTtlMs ?? 24 * 3600_000,
    reservationTtlMs: options.reservationTtlMs ?? 3600_000,
    markets: new MarketServices(options.markets, {
      now,
      db: options.db,
      fetch: options.fetch ?? fetch,
      log: { info: (o, m) => app.log.info(o, m), warn: (o, m) => app.log.warn(o, m) },
    }),
  };
  const metrics = new Metrics();
  metrics.watchBacklog(options.db, now);
  metrics.watchCommits(options.db);
  app.decorate('billing', billing);
  app.decorate('metrics', metrics);
  installErrorHandling(app);
  installInputPolicy(app);
  installMetrics(app, metrics);
  installAccessLog(app);
  // Hooks on every request are plain callbacks, not async functions: a promise per hook per request adds up (issue #18).
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    done(null, payload);
  });

  installSecurityHeaders(app);
  installCors(app, options.corsOrigins ?? []);
  const perMinute = options.rateLimitPerMinute ?? 1200;
  if (perMinute > 0) {
    await app.register(rateLimit, {
      max: perMinute,
      timeWindow: 60_000,
      // On PostgreSQL several instances share one database: they share the limit through it.
      // SQLite serves one process, whose memory is the cheaper place to count.
      ...(options.db.engine === 'postgres' ? { store: databaseRateLimitStore(options.db, now, 60_000) } : {}),
      errorResponseBuilder: () => new BillingError('RATE_LIMITED'),
    });
  }
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Common Billing server API', version: '1.0.0', description: 'DESIGN.md \u00a74. Errors: {error: {code, message, retryable}}.' },
      components: { securitySchemes },
    },
  });

  await app.register(opsRoutes);
  await app.register(sdkRoutes);
  await app.register(purchaseRoutes);
  await app.register(claimRoutes);
  await app.register(entitlementRoutes);
  for (const market of marketModules()) await market.registerRoutes?.(app);
  await app.register(adminRoutes, { adminToken: options.adminToken });
  for (const feature of options.features ?? FEATURES) await app.register(feature.plugin);
  app.addHook('onReady', async () => {
    for (const n of await startupNotices(options.db, options.markets)) app.log.warn({ appKey: n.appKey, market: n.market }, n.notice);
  });
  return app;
}
