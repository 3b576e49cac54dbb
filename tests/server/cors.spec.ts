import { expect } from 'chai';
import { startHarness, type Harness } from './support/harness';
import { TEST_MARKET } from './support/test-market';

const PREVIEW = 'http://localhost:7456';

describe('CORS for the SDK API (the Cocos preview and web builds run on another origin)', () => {
  let harness: Harness;
  let closed: Harness;
  before(async () => {
    harness = await startHarness({ engine: 'sqlite', corsOrigins: [PREVIEW] });
    closed = await startHarness({ engine: 'sqlite' });
  });
  after(async () => {
    await harness?.close();
    await closed?.close();
  });

  const preflight = (h: Harness, url: string, origin: string) =>
    h.app.inject({ method: 'OPTIONS', url, headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-app-key' } });

  it('answers a preflight from an allowed origin with the methods and headers the SDK sends', async () => {
    const res = await preflight(harness, '/v1/sessions', PREVIEW);
    expect(res.statusCode).to.equal(204);
    expect(res.headers).to.include({ 'access-control-allow-origin': PREVIEW, 'access-control-allow-methods': 'GET, POST, PUT', 'cross-origin-resource-policy': 'cross-origin' });
    expect(String(res.headers['access-control-allow-headers'])).to.include('x-app-key');
    expect(res.headers['access-control-allow-credentials']).to.equal(undefined);
  });

  it('lets an allowed origin read a real answer, and the session works', async () => {
    const res = await harness.app.inject({
      method: 'POST', url: '/v1/sessions', headers: { origin: PREVIEW, 'x-app-key': harness.appKey }, payload: { market: TEST_MARKET, userKey: 'player-1', loginToken: harness.loginToken('player-1') },
    });
    expect(res.statusCode).to.equal(200);
    expect(res.headers['access-control-allow-origin']).to.equal(PREVIEW);
  });

  it('says nothing to another origin, to the admin API, or when no origin is configured', async () => {
    for (const res of [
      await preflight(harness, '/v1/sessions', 'https://evil.example'),
      await preflight(harness, '/v1/admin/apps/gas-station', PREVIEW),
      await preflight(closed, '/v1/sessions', PREVIEW),
    ]) {
      expect(res.headers['access-control-allow-origin']).to.equal(undefined);
      expect(res.statusCode).to.not.equal(204);
      expect(res.statusCode).to.be.below(500);
    }
  });
});
