import type { Scenario } from '../types';

export const wrongPackage: Scenario = {
  id: 'wrong-package',
  title: 'Receipt of another package / bundle',
  market: 'sandbox',
  description: 'A correctly signed receipt whose packageName is another app\u2019s (the same store key signing for two apps).',
  guards: 'A purchase in one game (or a cheap clone) unlocking items in another. STORES.md §1; tests/server/verification-checks.spec.ts.',
  expected: 'RECEIPT_PACKAGE_MISMATCH; nothing recorded',
  async run({ app }) {
    const user = await app.login(app.user('package'));
    const reservation = await user.reserve();
    const store = (await user.storeBuy(reservation, 'approve'))!;
    const data = { ...(JSON.parse(store.receipt.originalJson) as Record<string, unknown>), packageName: 'com.example.another.game' };
    const answer = await user.submit(app.signSandboxReceipt(data));
    const recorded = (await app.purchasesOf(user.userKey)).filter((p) => p.state !== 'RESERVED').length;
    return { observed: `${answer.code ?? 'accepted'}; ${recorded} recorded`, pass: answer.code === 'RECEIPT_PACKAGE_MISMATCH' && recorded === 0 };
  },
};
