import type { Scenario } from '../types';

export const crashAfterPayment: Scenario = {
  id: 'crash-after-payment',
  title: 'Crash after payment, delivered at the next login',
  market: 'sandbox',
  description: 'The store charges but the client dies before it hears back; the receipt is recovered from the store and verified, the game never consumes; the user logs in again.',
  guards: 'Paid but never delivered (the most common refund reason), or delivered twice on recovery. docs/sdk.md "journal"; tests/sdk crash-check suites.',
  expected: 'listed unfinished with a payment token at the next login; consumed once; gone at the login after',
  async run({ app }) {
    const userKey = app.user('crash');
    const first = await app.login(userKey);
    const reservation = await first.reserve();
    await first.storeBuy(reservation, 'fail');
    const charged = (await first.storePurchases()).find((p) => p.developerPayload === reservation.payload.developerPayload);
    if (!charged) return { observed: 'the store has no record of the charge', pass: false };
    await first.submit(charged.receipt);
    const next = await app.login(userKey);
    const replayed = next.unfinished.find((u) => u.purchase.purchaseId === reservation.purchaseId);
    if (!replayed?.paymentToken) return { observed: `not listed unfinished with a payment token (${next.unfinished.length} unfinished)`, pass: false };
    const consumed = await app.consume(reservation.purchaseId, replayed.paymentToken);
    const again = await app.consume(reservation.purchaseId, replayed.paymentToken);
    const after = await app.login(userKey);
    const stillListed = after.unfinished.some((u) => u.purchase.purchaseId === reservation.purchaseId && u.purchase.state === 'VERIFIED');
    const observed = `listed with token; consume ${consumed.body.alreadyConsumed === false ? 'first' : consumed.code ?? 'repeat'}, again ${again.body.alreadyConsumed ? 'repeat' : again.code ?? 'first'}; ${stillListed ? 'still' : 'not'} listed after`;
    return { observed, pass: consumed.body.alreadyConsumed === false && again.body.alreadyConsumed === true && !stillListed };
  },
};
