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
        params: Type.Object({ market: Type.String({ maxLength: 32 }) }),
        response: { 200: NotificationAnswer, ...errorResponses },
      },
    },
    async (request) => {
      const parser = parsers.get(request.params.market);
      if (!parser) throw new BillingError('UNKNOWN_MARKET', undefined, { details: { market: request.params.market.slice(0, 32) } });
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
