import { PRODUCTS } from '../target-app';
import type { Scenario } from '../types';

const HOUR = 3_600_000;

export const subscriptionRenewalExpiry: Scenario = {
  id: 'subscription-renewal-expiry',
  title: 'Subscription renewal and expiry',
  market: 'app-store',
  description: 'An App Store subscription is bought through a reservation; Apple\u2019s signed DID_RENEW arrives (and again: the store retries), then EXPIRED. The game server\u2019s entitlement answer must follow: extended once, then ended.',
  guards: 'Renewals never credited (a paying player loses the pass), or lapsed subscriptions kept active (benefits for free). docs/subscriptions.md; tests/lifecycle/subscriptions-*.spec.ts.',
  expected: 'ACTIVE; renewal processed then duplicate, expiry moved one period; EXPIRED and not active',
  async run({ app, stores }) {
    const apple = await stores.appStore();
    const user = await app.login(app.user('pass'), 'app-store');
    const reservation = await user.reserve(PRODUCTS.subscription.productId);
    const appAccountToken = (reservation.payload as { appAccountToken?: string }).appAccountToken;
    // An hour-long period on the store's (and the target's) own clock: nothing waits for it.
    const bought = apple.subscriptions.subscribe({ productId: reservation.marketProductId, periodMs: HOUR, appAccountToken });
    const verified = await user.submit({ signedTransaction: bought.signedTransaction }, 'app-store');
    if (verified.status !== 200) return { observed: `verify: ${verified.code}`, pass: false };
    const pass = async () => (await app.entitlementsOf(user.userKey)).find((e) => e.group === PRODUCTS.subscription.subscription.group);
    const first = await pass();
    if (first?.state !== 'ACTIVE' || !first.active || !first.expiresAt) return { observed: `after the purchase: ${first ? `${first.state}, active ${first.active}` : 'no entitlement'}`, pass: false };

    const renewal = { signedPayload: apple.subscriptions.renew(bought.originalTransactionId).signedPayload };
    const answers: string[] = [];
    for (let i = 0; i < 2; i++) {
      const r = await app.http.call<{ status: string }>('POST', '/v1/notifications/app-store', { body: renewal });
      answers.push(r.body.status ?? r.code ?? String(r.status));
    }
    const renewed = await pass();
    const movedBy = renewed?.expiresAt ? Date.parse(renewed.expiresAt) - Date.parse(first.expiresAt) : NaN;

    const expiry = await app.http.call<{ status: string }>('POST', '/v1/notifications/app-store', { body: { signedPayload: apple.subscriptions.expire(bought.originalTransactionId).signedPayload } });
    const ended = await pass();
    const observed = `${first.state}; renewal ${answers.join(', then ')}, expiry moved ${Number.isNaN(movedBy) ? '?' : `${Math.round(movedBy / 60_000)} min`}; `
      + `expiry notification ${expiry.body.status ?? expiry.code}, ${ended ? `${ended.state}${ended.active ? ' and active' : ' and not active'}` : 'no entitlement'}`;
    return {
      observed,
      pass: answers[0] === 'processed' && answers[1] === 'duplicate' && renewed?.state === 'ACTIVE' && movedBy === HOUR
        && ended?.state === 'EXPIRED' && ended.active === false,
    };
  },
};
