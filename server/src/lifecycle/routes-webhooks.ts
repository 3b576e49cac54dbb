import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { BillingError } from '../../../assets/common-billing/protocol/error-codes';
import { requireAppSecret } from '../domain/auth';
import { errorResponses } from '../routes/common';
import { PurchaseId, UserKey } from '../../../assets/common-billing/protocol/common';
import { security as requirements } from '../routes/security';

const WebhookBody = Type.Object({ url: Type.String({ minLength: 8, maxLength: 2048 }), enabled: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
const WebhookView = Type.Object({ url: Type.Union([Type.String(), Type.Null()]), enabled: Type.Boolean() });
const Delivery = Type.Object({
  eventId: Type.String(),
  type: Type.String(),
  purchaseId: Type.String(),
  attempts: Type.Integer(),
  delivered: Type.Boolean(),
  dead: Type.Boolean(),
  log: Type.Array(Type.Object({ at: Type.String(), status: Type.Union([Type.Integer(), Type.Null()]), error: Type.Union([Type.String(), Type.Null()]) })),
});
const RefundSignal = Type.Object({ userKey: Type.String(), refundsAfterDelivery: Type.Integer(), refundsTotal: Type.Integer(), lastRefundAt: Type.Union([Type.String(), Type.Null()]) });

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

/**
 * Game-server API of the lifecycle (`Authorization: Bearer <app secret>`): its webhook URL,
 * the delivery log, and the per-user refund signal.
 */
export async function webhookRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.billing;
  const tags = ['lifecycle'];
  const security = requirements.appSecret;

  app.put<{ Body: Static<typeof WebhookBody> }>(
    '/v1/lifecycle/webhook',
    { schema: { tags, security, summary: 'Set the game server webhook URL', body: WebhookBody, response: { 200: WebhookView, ...errorResponses } } },
    async (request) => {
      const owner = await requireAppSecret(ctx, request);
      const url = checkedUrl(request.body.url);
      const enabled = request.body.enabled ?? true;
      const now = ctx.now();
      await ctx.db.write((tx) =>
        tx.run(
          `INSERT INTO lifecycle_webhook_endpoints (app_key, url, enabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (app_key) DO UPDATE SET url = excluded.url, enabled = excluded.enabled, updated_at = excluded.updated_at`,
          [owner.app_key, url, enabled ? 1 : 0, now, now],
        ),
      );
      return { url, enabled };
    },
  );

  app.get('/v1/lifecycle/webhook', { schema: { tags, security, summary: 'The webhook URL', response: { 200: WebhookView, ...errorResponses } } }, async (request) => {
    const owner = await requireAppSecret(ctx, request);
    const row = await ctx.db.get<{ url: string; enabled: number }>('SELECT url, enabled FROM lifecycle_webhook_endpoints WHERE app_key = ?', [owner.app_key]);
    return { url: row?.url ?? null, enabled: Boolean(Number(row?.enabled ?? 0)) };
  });

  app.get<{ Querystring: { purchaseId: string } }>(
    '/v1/lifecycle/webhook/deliveries',
    {
      schema: {
        tags, security, summary: 'Webhook delivery log of a purchase',
        querystring: Type.Object({ purchaseId: PurchaseId }, { additionalProperties: false }),
        response: { 200: Type.Object({ deliveries: Type.Array(Delivery) }), ...errorResponses },
      },
    },
    async (request) => {
      const owner = await requireAppSecret(ctx, request);
      const events = await ctx.db.all<{ event_id: string; type: string; purchase_id: string; attempts: number; delivered_at: number | null; dead_at: number | null }>(
        'SELECT event_id, type, purchase_id, attempts, delivered_at, dead_at FROM lifecycle_webhook_events WHERE app_key = ? AND purchase_id = ? ORDER BY created_at, event_id',
        [owner.app_key, request.query.purchaseId],
      );
      const deliveries = [];
      for (const e of events) {
        const log = await ctx.db.all<{ at: number; status: number | null; error: string | null }>('SELECT at, status, error FROM lifecycle_webhook_attempts WHERE event_id = ? ORDER BY at', [e.event_id]);
        deliveries.push({
          eventId: e.event_id, type: e.type, purchaseId: e.purchase_id, attempts: Number(e.attempts), delivered: e.delivered_at !== null, dead: e.dead_at !== null,
          log: log.map((l) => ({ at: iso(l.at)!, status: l.status === null ? null : Number(l.status), error: l.error })),
        });
      }
      return { deliveries };
    },
  );

  app.get<{ Params: { userKey: string } }>(
    '/v1/lifecycle/users/:userKey/refunds',
    { schema: { tags, security, summary: 'Refund abuse signal of a user', params: Type.Object({ userKey: UserKey }), response: { 200: RefundSignal, ...errorResponses } } },
    async (request) => {
      const owner = await requireAppSecret(ctx, request);
      const row = await ctx.db.get<{ refunds_after_delivery: number; refunds_total: number; last_refund_at: number }>(
        'SELECT refunds_after_delivery, refunds_total, last_refund_at FROM lifecycle_user_refunds WHERE app_key = ? AND user_key = ?',
        [owner.app_key, request.params.userKey],
      );
      return {
        userKey: request.params.userKey,
        refundsAfterDelivery: Number(row?.refunds_after_delivery ?? 0),
        refundsTotal: Number(row?.refunds_total ?? 0),
        lastRefundAt: iso(row?.last_refund_at ?? null),
      };
    },
  );
}

function checkedUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new BillingError('WEBHOOK_URL_INVALID');
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) throw new BillingError('WEBHOOK_URL_INVALID');
  return url.toString();
}
