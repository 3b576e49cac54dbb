import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * helmet's default security headers (CSP, HSTS, nosniff, frame and cross-origin policies) on
 * every reply. Their values depend on nothing in the request, so helmet runs once, at start-up,
 * and each reply gets the headers it set: running its middleware on every request (thirteen
 * `setHeader` calls, each validated, and the CSP string joined again) was ~4% of a recorded
 * receipt's CPU (issue #18). A route or hook that sets one of them later (CORS relaxes
 * Cross-Origin-Resource-Policy, the console denies framing) still wins: later headers replace.
 */
export function installSecurityHeaders(app: FastifyInstance): void {
  const headers = helmetHeaders();
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}

/** The headers helmet's default middleware sets on a response, as name → value. */
export function helmetHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let outcome: { error?: unknown } | undefined;
  helmet()({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    outcome = { error };
  });
  // helmet's defaults are synchronous; if a version ever is not, refuse to start rather than serve without them.
  if (!outcome || outcome.error || Object.keys(headers).length === 0) {
    throw new Error('helmet did not set its headers synchronously', { cause: outcome?.error });
  }
  return headers;
}
