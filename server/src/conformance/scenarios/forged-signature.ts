import { newSandboxKey } from '../target-app';
import type { Scenario } from '../types';

export const forgedSignature: Scenario = {
  id: 'forged-signature',
  title: 'Forged receipt signature',
  market: 'sandbox',
  description: 'A paid receipt with its quantity raised and the original signature kept, and the same receipt signed with another key.',
  guards: 'Items for free from an edited or self-signed receipt (receipt-editing tools). docs/security.md; tests/server/verification-checks.spec.ts.',
  expected: 'RECEIPT_SIGNATURE_INVALID twice; nothing recorded',
  async run({ app }) {
    const user = await app.login(app.user('forged'));
    const reservation = await user.reserve();
    const store = (await user.storeBuy(reservation, 'approve'))!;
    const data = JSON.parse(store.receipt.originalJson) as Record<string, unknown>;
    const edited = await user.submit({ originalJson: JSON.stringify({ ...data, quantity: 100 }), signature: store.receipt.signature });
    const selfSigned = await user.submit(app.signSandboxReceipt(data, newSandboxKey().privateKeyPem));
    const recorded = (await app.purchasesOf(user.userKey)).filter((p) => p.state !== 'RESERVED').length;
    const codes = [edited.code ?? 'accepted', selfSigned.code ?? 'accepted'];
    return { observed: `${codes.join(', ')}; ${recorded} recorded`, pass: codes.every((c) => c === 'RECEIPT_SIGNATURE_INVALID') && recorded === 0 };
  },
};
