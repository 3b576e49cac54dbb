import type { FastifyInstance } from 'fastify';

/**
 * One access line per request, written when the answer is sent (or when the client gave up),
 * instead of Fastify's two (`incoming request` and `request completed`): logging at info was
 * the largest per-request cost after the database and crypto (issue #18, bench/RESULTS.md).
 * The line carries what both said: the request id (pino's `reqId`), method, URL, status, time.
 */
export function installAccessLog(app: FastifyInstance): void {
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info({ method: request.method, url: request.url, statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 }, 'request completed');
    done();
  });
  app.addHook('onRequestAbort', (request, done) => {
    request.log.info({ method: request.method, url: request.url }, 'request aborted');
    done();
  });
}
