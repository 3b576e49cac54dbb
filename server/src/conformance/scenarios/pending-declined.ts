import type { Scenario } from '../types';

export const pendingDeclined: Scenario = {
  id: 'pending-declined',
  title: 'Pending payment, then declined',
  market: 'sandbox',
  description: 'A pay-later purchase is submitted while pending; the store declines it; the stale pending receipt is submitted again.',
  guards: 'A declined payment delivered anyway (an item given on a pending receipt). docs/lifecycle.md "pending"; tests/server/sandbox-store.spec.ts.',
  expected: 'never a payment token, never VERIFIED or CONSUMED',
  async run({ app }) {
    const user = await app.login(app.user('pending-no'));
    const reservation = await user.reserve();
    const pending = (await user.storeBuy(reservation, 'pending'))!;
    const first = await user.submit(pending.receipt);
    await user.storeResolve(pending.purchaseToken, 'decline');
    const again = await user.submit(pending.receipt);
    const rows = await app.purchasesOf(user.userKey);
    const paid = rows.filter((p) => p.state === 'VERIFIED' || p.state === 'CONSUMED').length;
    const tokens = [first.body.paymentToken, again.body.paymentToken].filter((t) => typeof t === 'string').length;
    const observed = `${first.body.purchase?.state ?? first.code}, then ${again.body.purchase?.state ?? again.code}; ${tokens} payment token(s); ${paid} paid row(s)`;
    return { observed, pass: tokens === 0 && paid === 0 };
  },
};
