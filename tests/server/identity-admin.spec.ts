import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { forEachEngine } from './support/engines';
import { ADMIN_TOKEN, startHarness, type Harness } from './support/harness';
import { TEST_MARKET } from './support/test-market';

forEachEngine('admin API', (engine) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(engine());
  });
  afterEach(async () => h?.close());

  const admin = (method: 'GET' | 'PUT' | 'POST', url: string, payload?: object, token = ADMIN_TOKEN) =>
    h.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } });

  it('requires the admin token', async () => {
    expect((await admin('GET', `/v1/admin/apps/${h.appKey}`, undefined, 'wrong')).json().error.code).to.equal('UNAUTHENTICATED');
    expect((await h.app.inject({ method: 'GET', url: `/v1/admin/apps/${h.appKey}` })).statusCode).to.equal(401);
  });

  it('registers a data key that the next login hands to the SDK', async () => {
    const dataKey = randomBytes(32).toString('base64');
    const put = await admin('PUT', `/v1/admin/apps/${h.appKey}/data-key`, { dataKey });
    expect(put.statusCode, put.body).to.equal(200);
    expect(put.json()).to.include({ appKey: h.appKey, hasDataKey: true });
    expect((await h.login('player-1')).marketKey).to.equal(dataKey);
    const bad = await admin('PUT', `/v1/admin/apps/${h.appKey}/data-key`, { dataKey: 'c2hvcnQ=' });
    expect(bad.json().error.code).to.equal('VALIDATION_FAILED');
  });

  it('shows an app without secrets, and 404s an unknown one', async () => {
    const res = await admin('GET', `/v1/admin/apps/${h.appKey}`);
    expect(res.json().markets.map((m: { market: string }) => m.market)).to.deep.equal(['sandbox', TEST_MARKET]);
    expect(res.body).not.to.include('PRIVATE KEY');
    expect(res.body).not.to.include(h.secretKey);
    expect((await admin('GET', '/v1/admin/apps/nope-app')).json().error.code).to.equal('NOT_FOUND');
  });

  it('creates an app (secret shown once), configures a market and imports products', async () => {
    const created = await admin('POST', '/v1/admin/apps', { appKey: 'racing', name: 'Racing', sandbox: { packageName: 'com.example.racing' } });
    expect(created.statusCode, created.body).to.equal(200);
    expect(created.json().secretKey).to.match(/^cbsk_/);
    expect((await admin('POST', '/v1/admin/apps', { appKey: 'racing', name: 'Again' })).json().error.code).to.equal('CONFLICT');
    const market = await admin('PUT', '/v1/admin/apps/racing/markets/test-market', { enabled: true, config: { packageName: 'com.example.racing', secret: 'x'.repeat(16) } });
    expect(market.json().markets).to.deep.include({ market: TEST_MARKET, enabled: true, known: true });
    const products = await admin('PUT', '/v1/admin/apps/racing/products', { products: [{ productId: 'nitro', type: 'consumable', title: 'Nitro' }] });
    expect(products.json().products.map((p: { productId: string }) => p.productId)).to.deep.equal(['nitro']);
    const row = await h.tdb.db.get<{ secret_hash: string }>('SELECT secret_hash FROM apps WHERE app_key = ?', ['racing']);
    expect(row!.secret_hash).to.match(/^[0-9a-f]{64}$/);
  });
});
