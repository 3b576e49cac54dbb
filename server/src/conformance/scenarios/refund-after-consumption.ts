import type { Scenario } from '../types';

export const refundAfterConsumption: Scenario = {
  id: 'refund-after-consumption',
  title: 'Refund after consumption reaches the game once',
  market: 'app-store',
  description: 'A consumed App Store purchase is refunded; Apple\u2019s signed REFUND notification arrives, and again (the store retries); the game server\u2019s webhook must hear purchase.revoked exactly once.',
  guards: 'Refunds that never reach the game (item kept, money returned), or reach it twice (item taken twice). docs/lifecycle.md "refunds"; tests/lifecycle refund suites.',
  expected: 'notification processed then duplicate; REVOKED; purchase.revoked delivered exactly once, signed',
  requires: ['simulator-host'],
  async run({ app, stores, receiver, jobWaitMs }) {
    if (!receiver) return { observed: 'no webhook receiver', pass: false };
    const apple = await stores.appStore();
    receiver.up = true;
    receiver.secret = app.secretKey;
    const set = await app.http.call('PUT', '/v1/lifecycle/webhook', { body: { url: receiver.url }, headers: { authorization: `Bearer ${app.secretKey}` } });
    if (set.status !== 200) return { observed: `webhook URL refused: ${set.code}`, pass: false };
    const user = await app.login(app.user('refund'), 'app-store');
    const reservation = await user.reserve();
    const appAccountToken = (reservation.payload as { appAccountToken?: string }).appAccountToken;
    const tx = apple.purchase({ productId: reservation.marketProductId, appAccountToken });
    const verified = await user.submit({ signedTransaction: tx.signedTransaction }, 'app-store');
    if (!verified.body.paymentToken) return { observed: `verify: ${verified.code ?? verified.body.purchase?.state}`, pass: false };
    const consumed = await app.consume(reservation.purchaseId, verified.body.paymentToken);
    if (consumed.status !== 200) return { observed: `consume: ${consumed.code}`, pass: false };
    apple.refund(tx.transactionId);
    const notification = { signedPayload: apple.notification('REFUND', tx.transactionId).signedPayload };
    const first = await app.http.call<{ status: string }>('POST', '/v1/notifications/app-store', { body: notification });
    const retry = await app.http.call<{ status: string }>('POST', '/v1/notifications/app-store', { body: notification });
    const revoked = () => receiver.of(reservation.purchaseId, 'purchase.revoked').filter((r) => r.answered === 200);
    await receiver.waitFor(() => revoked().length > 0, jobWaitMs);
    // Give a duplicate the time of another job run to show up.
    await new Promise((r) => setTimeout(r, Math.min(20_000, jobWaitMs / 4)));
    const state = (await app.purchasesOf(user.userKey)).find((p) => p.purchaseId === reservation.purchaseId)?.state;
    const deliveries = revoked();
    const answers = [first.body.status ?? first.code, retry.body.status ?? retry.code];
    const observed = `notification ${answers.join(', then ')}; ${state}; purchase.revoked delivered ${deliveries.length}×${deliveries.every((d) => d.signatureValid) ? '' : ' (bad signature)'}`;
    return { observed, pass: answers[0] === 'processed' && answers[1] === 'duplicate' && state === 'REVOKED' && deliveries.length === 1 && deliveries[0]!.signatureValid };
  },
};
