import type { Scenario } from '../types';

export const consumeTwiceConcurrently: Scenario = {
  id: 'consume-twice-concurrently',
  title: 'Consume twice from two clients at once',
  market: 'sandbox',
  description: 'The game server (app secret) and the device (session) consume the same purchase at the same moment, four times each.',
  guards: 'An item granted twice when two servers or a retrying client deliver together. DESIGN.md "consume once"; tests/server/purchase-flow.spec.ts.',
  expected: 'exactly one first consume; every other answer a repeat; state CONSUMED',
  async run({ app }) {
    const user = await app.login(app.user('consume'));
    const { purchase, paymentToken } = await user.buyVerified();
    const path = `/v1/purchases/${purchase.purchaseId}/consume`;
    const calls = [];
    for (let i = 0; i < 4; i++) {
      calls.push(app.consume(purchase.purchaseId, paymentToken));
      calls.push(user.call<{ alreadyConsumed: boolean }>('POST', path, { paymentToken }));
    }
    const answers = await Promise.all(calls);
    const first = answers.filter((a) => a.status === 200 && a.body.alreadyConsumed === false).length;
    const repeats = answers.filter((a) => a.status === 200 && a.body.alreadyConsumed === true).length;
    const errors = answers.filter((a) => a.status !== 200).map((a) => a.code);
    const state = (await app.purchasesOf(user.userKey)).find((p) => p.purchaseId === purchase.purchaseId)?.state;
    const observed = `${first} first, ${repeats} repeat${errors.length ? `, errors ${errors.join('/')}` : ''}; ${state}`;
    return { observed, pass: first === 1 && repeats === answers.length - 1 && state === 'CONSUMED' };
  },
};
