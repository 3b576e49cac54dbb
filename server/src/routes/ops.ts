import type { FastifyPluginAsync } from 'fastify';

/** Liveness (with a database round trip), Prometheus metrics and the OpenAPI document. */
export const opsRoutes: FastifyPluginAsync = async (app) => {
  app.get('/healthz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await app.billing.db.get('SELECT 1 AS ok');
      return { status: 'ok', engine: app.billing.db.engine };
    } catch {
      return reply.status(503).send({ error: { code: 'SERVER_BUSY', message: 'The database is not reachable.', retryable: true } });
    }
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.type(app.metrics.contentType);
    return app.metrics.render();
  });
  // The document is fixed once the routes are registered: serialise it once (it is ~100 KB, and
  // re-serialising it per request made this public route ~40× costlier than any other).
  let openapi: string | undefined;
  app.get('/openapi.json', { schema: { hide: true } }, async (_request, reply) => {
    openapi ??= JSON.stringify(app.swagger());
    return reply.type('application/json; charset=utf-8').send(openapi);
  });
};
