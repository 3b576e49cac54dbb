import { expect } from 'chai';
import { startHarness, type Harness } from './support/harness';
import { TEST_MARKET } from './support/test-market';

describe("security headers (helmet's defaults) on every reply", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ engine: 'sqlite' });
  });
  after(async () => h?.close());

  it('sets them on answers, refusals, unknown routes and the console page alike', async () => {
    const replies = [
      await h.app.inject({ method: 'GET', url: '/healthz' }),
      await h.app.inject({ method: 'POST', url: '/v1/sessions', headers: { 'x-app-key': h.appKey }, payload: { market: TEST_MARKET, userKey: 'player-1', loginToken: h.loginToken('player-1') } }),
      await h.app.inject({ method: 'POST', url: '/v1/sessions', headers: { 'x-app-key': 'nope' }, payload: { market: TEST_MARKET, userKey: 'player-1' } }),
      await h.app.inject({ method: 'GET', url: '/no-such-route' }),
      await h.app.inject({ method: 'GET', url: '/console/' }),
    ];
    // The console page is 200 once the console is built and 404 before; its headers are checked either way.
    expect(replies.map((r) => r.statusCode).slice(0, 4)).to.deep.equal([200, 200, 401, 404]);
    for (const res of replies) {
      expect(res.headers, res.raw.req.url).to.include({
        'x-content-type-options': 'nosniff',
        'cross-origin-resource-policy': 'same-origin',
        'cross-origin-opener-policy': 'same-origin',
        'referrer-policy': 'no-referrer',
        'strict-transport-security': 'max-age=31536000; includeSubDomains',
      });
      expect(String(res.headers['content-security-policy'])).to.include("default-src 'self'").and.include("object-src 'none'");
      expect(res.headers['x-powered-by']).to.equal(undefined);
      // helmet's SAMEORIGIN, or the console page's own stricter DENY when the console is built.
      expect(res.headers['x-frame-options']).to.be.oneOf(['SAMEORIGIN', 'DENY']);
    }
  });
});
