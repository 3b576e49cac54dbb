import type { FastifyInstance } from 'fastify';

/**
 * CORS for the SDK's API (`/v1/*`, never `/v1/admin/*` or the console): the Cocos editor's
 * preview page and web builds run on another origin than the billing server. Only the
 * configured origins are answered; the SDK authenticates with headers, never cookies, so
 * credentials are not allowed. Installed after helmet so that its same-origin
 * Cross-Origin-Resource-Policy is relaxed only for an allowed origin.
 */
export function installCors(app: FastifyInstance, origins: readonly string[]): void {
  if (origins.length === 0) return;
  const any = origins.includes('*');
  const allowed = new Set(origins);
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (typeof origin !== 'string' || !(any || allowed.has(origin))) return;
    if (!request.url.startsWith('/v1/') || request.url.startsWith('/v1/admin/')) return;
    reply.header('access-control-allow-origin', any ? '*' : origin);
    reply.header('vary', 'Origin');
    reply.header('cross-origin-resource-policy', 'cross-origin');
    reply.header('access-control-expose-headers', 'x-request-id');
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
      reply.header('access-control-allow-methods', 'GET, POST, PUT');
      reply.header('access-control-allow-headers', 'content-type, authorization, x-app-key');
      reply.header('access-control-max-age', '600');
      return reply.code(204).send();
    }
  });
}
