import type { Scenario } from '../types';

export const expiredPayload: Scenario = {
  id: 'expired-payload',
  title: 'Expired developer payload',
  market: 'sandbox',
  description: 'A receipt bound to a reservation whose payload expired (reservationTtlSeconds, at least 60 s, default 1 h) is submitted after the expiry.',
  guards: 'An old reservation (captured, or left in a crashed client) used to attach a later or foreign payment. DESIGN.md "payload binding"; tests/server/verification-checks.spec.ts (clock moved).',
  expected: 'RECEIPT_PAYLOAD_EXPIRED or PURCHASE_EXPIRED',
  // Waiting out a real expiry is an hour by default; it runs once a target offers a test clock.
  requires: ['test-clock'],
};
