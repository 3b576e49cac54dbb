import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-common-billing-signature';
export const EVENT_ID_HEADER = 'x-common-billing-event-id';
export const EVENT_TYPE_HEADER = 'x-common-billing-event-type';

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256(app secret, "<t>.<raw body>")>`. The timestamp is
 * inside the MAC so a captured delivery cannot be replayed later with a fresh time.
 */
export function signWebhook(secret: string, body: string, nowMs: number): string {
  const t = Math.floor(nowMs / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

/** What a game server does on receipt (documented in docs/lifecycle.md; used by the tests). */
export function verifyWebhook(secret: string, body: string, header: string | undefined, nowMs: number, toleranceS = 300): boolean {
  const m = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!m) return false;
  const t = Number(m[1]);
  if (Math.abs(nowMs / 1000 - t) > toleranceS) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(m[2]!, 'hex'));
}
