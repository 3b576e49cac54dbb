import type { Scenario } from '../types';

export const outsidePurchaseClaimed: Scenario = {
  id: 'outside-purchase-claimed',
  title: 'Purchase made outside the game, then claimed',
  market: 'app-store',
  description: 'A purchase with no reservation (an offer code redeemed in the App Store) arrives by ONE_TIME_CHARGE notification; the game server claims it for a user, then another user tries to claim it.',
  guards: 'Promo-code and store-started purchases never delivered, or delivered to two accounts. docs/lifecycle.md "unclaimed purchases"; tests/lifecycle/unclaimed.spec.ts.',
  expected: 'notification accepted; claimed once (VERIFIED with a payment token); same user again: same purchase; other user: RECEIPT_ALREADY_USED',
  async run({ app, stores }) {
    const apple = await stores.appStore();
    const tx = apple.purchase({ productId: 'conformance_coins' });
    const notified = await app.http.call<{ status?: string }>('POST', '/v1/notifications/app-store', { body: { signedPayload: apple.notification('ONE_TIME_CHARGE', tx.transactionId).signedPayload } });
    const owner = app.user('claim-owner');
    const claim = (userKey: string) => app.http.call<{ purchase?: { purchaseId: string; state: string; userKey: string }; paymentToken?: string | null }>(
      'POST', '/v1/purchases/claim', { body: { userKey, market: 'app-store', receipt: { signedTransaction: tx.signedTransaction } }, headers: { authorization: `Bearer ${app.secretKey}` } },
    );
    const first = await claim(owner);
    const again = await claim(owner);
    const thief = await claim(app.user('claim-other'));
    const observed = `notification ${notified.body.status ?? notified.code}; claim ${first.body.purchase?.state ?? first.code}${first.body.paymentToken ? ' with token' : ''}; `
      + `again ${again.code ?? (again.body.purchase?.purchaseId === first.body.purchase?.purchaseId ? 'same purchase' : 'another purchase')}; other user ${thief.code ?? 'accepted'}`;
    const pass = notified.status === 200 && first.body.purchase?.state === 'VERIFIED' && first.body.purchase.userKey === owner && typeof first.body.paymentToken === 'string'
      && again.body.purchase?.purchaseId === first.body.purchase.purchaseId && thief.code === 'RECEIPT_ALREADY_USED';
    return { observed, pass };
  },
};
