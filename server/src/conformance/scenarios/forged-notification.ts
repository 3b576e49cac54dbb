import type { Scenario } from '../types';

export const forgedNotification: Scenario = {
  id: 'forged-notification',
  title: 'Store notification forged without authentication',
  market: 'google-play',
  description: 'Anyone posts a Google Play RTDN (a refund and a cancellation) for a real purchase to the notification URL, without the Pub/Sub push token.',
  guards: 'Purchases revoked, or refunds faked, by whoever finds the notification URL. docs/security.md "notification authentication"; tests/lifecycle/push-auth.spec.ts.',
  expected: 'refused (401 NOTIFICATION_AUTH_*); the purchase stays VERIFIED',
  async run({ app, stores }) {
    const google = await stores.googlePlay();
    const user = await app.login(app.user('forged-rtdn'), 'google-play');
    const reservation = await user.reserve();
    const payload = reservation.payload as { obfuscatedAccountId?: string; obfuscatedProfileId?: string };
    const receipt = google.purchase({ productId: reservation.marketProductId, obfuscatedAccountId: payload.obfuscatedAccountId, obfuscatedProfileId: payload.obfuscatedProfileId });
    const verified = await user.submit({ originalJson: receipt.originalJson, signature: receipt.signature }, 'google-play');
    if (verified.body.purchase?.state !== 'VERIFIED') return { observed: `the purchase was not verified: ${verified.code ?? verified.body.purchase?.state}`, pass: false };
    const answers = [];
    for (const body of [google.voidedNotification(receipt.purchaseToken), google.oneTimeNotification(receipt.purchaseToken, 2)]) {
      answers.push(await app.http.call<{ status?: string }>('POST', '/v1/notifications/google-play', { body }));
    }
    const state = (await app.purchasesOf(user.userKey)).find((p) => p.purchaseId === reservation.purchaseId)?.state;
    const refused = answers.every((a) => (a.status === 401 || a.status === 403) && /^NOTIFICATION_AUTH/.test(a.code ?? ''));
    const observed = `${answers.map((a) => a.code ?? `accepted (${a.body.status})`).join(', ')}; purchase ${state}`;
    return { observed, pass: refused && state === 'VERIFIED' };
  },
};
