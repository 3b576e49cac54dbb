import type { Scenario } from '../types';

export const webhookDownThenUp: Scenario = {
  id: 'webhook-down-then-up',
  title: 'Game-server webhook down, then up',
  market: 'sandbox',
  description: 'The game server\u2019s webhook answers 503 when a purchase is verified, then recovers; the target must retry and deliver the event once, signed.',
  guards: 'A delivery lost because the game server was restarting (no retry), or applied twice after it recovered. docs/lifecycle.md "webhooks"; tests/lifecycle webhook suites.',
  expected: 'purchase.verified: ≥1 failed attempt, then delivered exactly once, signature valid',
  requires: ['simulator-host'],
  async run({ app, receiver, jobWaitMs }) {
    if (!receiver) return { observed: 'no webhook receiver', pass: false };
    receiver.up = false;
    receiver.secret = app.secretKey;
    const set = await app.http.call('PUT', '/v1/lifecycle/webhook', { body: { url: receiver.url }, headers: { authorization: `Bearer ${app.secretKey}` } });
    if (set.status !== 200) return { observed: `webhook URL refused: ${set.code}`, pass: false };
    const user = await app.login(app.user('webhook'));
    const { purchase } = await user.buyVerified();
    const sawFailure = await receiver.waitFor(() => receiver.of(purchase.purchaseId, 'purchase.verified').length > 0, jobWaitMs);
    receiver.up = true;
    const delivered = () => receiver.of(purchase.purchaseId, 'purchase.verified').filter((r) => r.answered === 200);
    await receiver.waitFor(() => delivered().length > 0, jobWaitMs);
    // Give a duplicate the time of one more job run to show up.
    await new Promise((r) => setTimeout(r, Math.min(20_000, jobWaitMs / 4)));
    const all = receiver.of(purchase.purchaseId, 'purchase.verified');
    const ok = delivered();
    const eventIds = new Set(all.map((r) => r.eventId));
    const observed = `${all.length - ok.length} failed attempt(s), ${ok.length} delivered, ${eventIds.size} event id(s), signatures ${all.every((r) => r.signatureValid) ? 'valid' : 'INVALID'}`;
    return { observed, pass: sawFailure && ok.length === 1 && eventIds.size === 1 && all.every((r) => r.signatureValid) };
  },
};
