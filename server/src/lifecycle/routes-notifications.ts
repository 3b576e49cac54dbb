import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { BillingError } from '../../../assets/common-billing/protocol/error-codes';
import { errorCodeOf } from '../plugins/metrics';
import { errorResponses } from '../routes/common';
import { security } from '../routes/security';
import { takeNotification } from './notifications/intake';
import { notificationParsers } from './notifications/parsers';
import type { IntakeContext } from './notifications/types';
import type { LifecycleOptions } from './options';

const NotificationAnswer = Type.Object({
  status: Type.String({ description: 'processed, unconfirmed (a revocation waits for a person in the console), unmatched, ignored or duplicate (already processed: nothing changed)' }),
});

/**
 * What each store's notification body needs, and no more (checked before the parser runs):
 * Google Play RTDN is a Pub/Sub push `{message: {attributes: {…}, data, messageId, …}, subscription}`
 * (depth 3, the base64 data a few KB); App Store Server Notifications V2 is `{signedPayload}`, one
 * JWS whose x5c chain and nested signed transaction and renewal info stay well under 64 KiB; a
 * ONE store PNS is one JSON object whose `paymentTypeList` is an array of objects (depth 3). Unknown markets keep the route's bound and answer 400.
 */
export const NOTIFICATION_LIMITS: Record<string, { maxDepth: number; maxBytes: number }> = {
  'google-play': { maxDepth: 3, maxBytes: 32_768 },
  'app-store': { maxDepth: 1, maxBytes: 65_536 },
  'one-store': { maxDepth: 3, maxBytes: 16_384 },
};
const ROUTE_LIMITS = { maxDepth: 3, maxBytes: 65_536 };

/** POST /v1/notifications/{market}: RTDN, App Store Server Notifications V2, ONE store PNS. */
export async function notificationRoutes(app: FastifyInstance, options: LifecycleOptions): Promise<void> {
  const parsers = notificationParsers();
  const ctx: IntakeContext = { billing: app.billing, options, log: app.log };
  app.post<{ Params: { market: string } }>(
    '/v1/notifications/:market',
    {
      schema: {
        tags: ['notifications'],
        security: security.none,
        summary: 'Store server notification intake (idempotent on the notification id)',
        params: Type.Object({ market: Type.String({ minLength: 1, maxLength: 32 }) }),
        response: { 200: NotificationAnswer, ...errorResponses },
      },
      bodyLimit: ROUTE_LIMITS.maxBytes,
      config: { input: { maxDepth: ROUTE_LIMITS.maxDepth } },
    },
    async (request) => {
      const parser = parsers.get(request.params.market);
      if (!parser) throw new BillingError('UNKNOWN_MARKET', undefined, { details: { market: request.params.market.slice(0, 32) } });
      checkStoreLimits(parser.market, request.body, request.headers['content-length']);
      const url = `${request.protocol}://${request.host}${request.url}`;
      const seen: { kind?: string } = {};
      // The type is the store's event name, known only once the notification is authenticated.
      const type = () => (seen.kind && /^[A-Za-z0-9_.-]{1,64}$/.test(seen.kind) ? seen.kind : 'unknown');
      try {
        const status = await takeNotification(ctx, parser, { body: request.body, headers: request.headers, url }, seen);
        app.metrics.notifications.inc({ market: parser.market, type: type(), outcome: status });
        return { status };
      } catch (error) {
        const code = errorCodeOf(error);
        app.metrics.notifications.inc({ market: parser.market, type: type(), outcome: code });
        if (code === 'NOTIFICATION_AUTH_NOT_CONFIGURED' || code === 'NOTIFICATION_AUTH_FAILED') {
          app.metrics.notificationsRefused.inc({ market: parser.market, code });
        }
        throw error;
      }
    },
  );
}

/** The market's own bounds (the input policy already refused deeper bodies and bad text). */
function checkStoreLimits(market: string, body: unknown, contentLength: string | undefined): void {
  const limits = NOTIFICATION_LIMITS[market] ?? ROUTE_LIMITS;
  const bytes = Number(contentLength ?? Buffer.byteLength(JSON.stringify(body ?? null) ?? ''));
  if (bytes > limits.maxBytes) throw new BillingError('PAYLOAD_TOO_LARGE', undefined, { details: { market, maxBytes: limits.maxBytes } });
  if (depthOf(body, limits.maxDepth + 1) > limits.maxDepth) {
    throw new BillingError('NOTIFICATION_MALFORMED', `The body is nested deeper than ${market} notifications are (${limits.maxDepth}).`, { details: { market } });
  }
}

/** Nesting depth of a JSON value, counted up to `stopAt`. */
function depthOf(value: unknown, stopAt: number): number {
  if (value === null || typeof value !== 'object' || stopAt <= 0) return 0;
  let deepest = 0;
  for (const child of Object.values(value)) deepest = Math.max(deepest, depthOf(child, stopAt - 1));
  return 1 + deepest;
}
