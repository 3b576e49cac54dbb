import type { Scenario } from '../types';

export const expiredPayload: Scenario = {
  id: 'expired-payload',
  title: 'Expired developer payload',
  market: 'sandbox',
  description: 'A correctly signed receipt bound to a reservation, whose store purchase time is after that reservation\u2019s payload expired.',
  guards: 'An old reservation (captured, or left in a crashed client) used to attach a later or foreign payment. DESIGN.md "payload binding"; tests/server/verification-checks.spec.ts (clock moved).',
  expected: 'RECEIPT_PAYLOAD_EXPIRED; nothing recorded',
  // No test clock needed: the store signs the purchase time, so the sandbox store's receipt is re-signed
  // with a purchase made a minute after the payload's expiry (a late upload of a timely purchase stays fine).
  async run({ app }) {
    const user = await app.login(app.user('expired'));
    const reservation = await user.reserve();
    const store = (await user.storeBuy(reservation, 'approve'))!;
    const late = Date.parse(reservation.expiresAt) + 60_000;
    const data = { ...(JSON.parse(store.receipt.originalJson) as Record<string, unknown>), purchaseTime: late };
    const answer = await user.submit(app.signSandboxReceipt(data));
    const recorded = (await app.purchasesOf(user.userKey)).filter((p) => p.state !== 'RESERVED' && p.state !== 'EXPIRED').length;
    return { observed: `${answer.code ?? 'accepted'}; ${recorded} recorded`, pass: answer.code === 'RECEIPT_PAYLOAD_EXPIRED' && recorded === 0 };
  },
};
