import type { FastifyPluginAsync } from 'fastify';

/** Liveness (with a database round trip), Prometheus metrics and the OpenAPI document. */
export const opsRoutes: FastifyPluginAsync = async (app) => {
  app.get('/healthz', { schema: { hide: true } }, async (_request, reply) => {
    const { db } = app.billing;
    let health: { ok: boolean; reason?: string };
    try {
      health = db.health ? await db.health() : (await db.get('SELECT 1 AS ok'), { ok: true });
    } catch (error) {
      health = { ok: false, reason: error instanceof Error ? error.message.slice(0, 200) : 'unknown' };
    }
    if (health.ok) return { status: 'ok', engine: db.engine };
    // Unhealthy with the reason; healthy again on its own once the connection is replaced.
    return reply.status(503).header('retry-after', '1').send({
      error: { code: 'SERVER_BUSY', message: 'The database is not reachable.', retryable: true, details: { engine: db.engine, reason: health.reason } },
    });
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
