import type { Scenario } from '../types';

export const pendingApproved: Scenario = {
  id: 'pending-approved',
  title: 'Pending payment, then approved',
  market: 'sandbox',
  description: 'A pay-later purchase is submitted while pending, then the store approves it and the receipt is submitted again.',
  guards: 'A pending (cash, carrier) payment delivered before it is paid, or forgotten once it is. docs/lifecycle.md "pending"; tests/server/sandbox-store.spec.ts.',
  expected: 'PENDING without payment token, then VERIFIED with one (same purchase)',
  async run({ app }) {
    const user = await app.login(app.user('pending-ok'));
    const reservation = await user.reserve();
    const pending = (await user.storeBuy(reservation, 'pending'))!;
    const first = await user.submit(pending.receipt);
    const approved = await user.storeResolve(pending.purchaseToken, 'approve');
    const second = await user.submit(approved.receipt);
    const states = [first.body.purchase?.state ?? first.code, second.body.purchase?.state ?? second.code];
    const tokens = [first.body.paymentToken ?? null, second.body.paymentToken ?? null];
    const observed = `${states[0]} (token ${tokens[0] ? 'given' : 'none'}), then ${states[1]} (token ${tokens[1] ? 'given' : 'none'})`;
    const samePurchase = first.body.purchase?.purchaseId === reservation.purchaseId && second.body.purchase?.purchaseId === reservation.purchaseId;
    return { observed, pass: states[0] === 'PENDING' && tokens[0] === null && states[1] === 'VERIFIED' && tokens[1] !== null && samePurchase };
  },
};
