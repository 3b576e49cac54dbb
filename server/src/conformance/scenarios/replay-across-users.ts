import type { Scenario } from '../types';

export const replayAcrossUsers: Scenario = {
  id: 'replay-across-users',
  title: 'Receipt replayed by another account',
  market: 'sandbox',
  description: 'User A buys and verifies; user B submits A\u2019s receipt as their own.',
  guards: 'One payment delivered to two accounts (shared or leaked receipts). docs/security.md "uniqueness"; tests/server/verification-checks.spec.ts.',
  expected: 'RECEIPT_ALREADY_USED; A keeps the purchase, B has none',
  async run({ app }) {
    const a = await app.login(app.user('replay-a'));
    const { store } = await a.buyVerified();
    const b = await app.login(app.user('replay-b'));
    const replay = await b.submit(store.receipt);
    const bPurchases = await app.purchasesOf(b.userKey);
    const aPurchases = await app.purchasesOf(a.userKey);
    const observed = `${replay.code ?? `HTTP ${replay.status} accepted`}; A has ${aPurchases.length}, B has ${bPurchases.length}`;
    return { observed, pass: replay.code === 'RECEIPT_ALREADY_USED' && aPurchases.length === 1 && bPurchases.length === 0 };
  },
};
