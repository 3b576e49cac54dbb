import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { BillingError } from '../../../assets/common-billing/protocol/error-codes';
import { errorResponses } from '../routes/common';
import { takeNotification } from './notifications/intake';
import { notificationParsers } from './notifications/parsers';
import type { IntakeContext } from './notifications/types';
import type { LifecycleOptions } from './options';

const NotificationAnswer = Type.Object({
  status: Type.String({ description: 'processed, unconfirmed (a revocation waits for a person in the console), unmatched, ignored or duplicate (already processed: nothing changed)' }),
});

/** POST /v1/notifications/{market}: RTDN, App Store Server Notifications V2, ONE store PNS. */
export async function notificationRoutes(app: FastifyInstance, options: LifecycleOptions): Promise<void> {
  const parsers = notificationParsers();
  const ctx: IntakeContext = { billing: app.billing, options, log: app.log };
  app.post<{ Params: { market: string } }>(
    '/v1/notifications/:market',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Store server notification intake (idempotent on the notification id)',
        params: Type.Object({ market: Type.String({ maxLength: 32 }) }),
        response: { 200: NotificationAnswer, ...errorResponses },
      },
    },
    async (request) => {
      const parser = parsers.get(request.params.market);
      if (!parser) throw new BillingError('UNKNOWN_MARKET', undefined, { details: { market: request.params.market.slice(0, 32) } });
      const url = `${request.protocol}://${request.host}${request.url}`;
      try {
        const status = await takeNotification(ctx, parser, { body: request.body, headers: request.headers, url });
        app.metrics.inc('billing_notifications_total', 'Store notifications by market and outcome.', { market: parser.market, status });
        return { status };
      } catch (error) {
        const code = error instanceof BillingError ? error.code : 'INTERNAL';
        app.metrics.inc('billing_notifications_total', 'Store notifications by market and outcome.', { market: parser.market, status: code });
        if (code === 'NOTIFICATION_AUTH_NOT_CONFIGURED' || code === 'NOTIFICATION_AUTH_FAILED') {
          app.metrics.inc('billing_notifications_refused_total', 'Store notifications refused for lack of (or failed) authentication.', { market: parser.market, code });
        }
        throw error;
      }
    },
  );
}
