import { expect } from 'chai';
import { Type } from 'typebox';
import type { MarketModule } from '../../server/src/markets/types';
import { forEachEngine } from './support/engines';
import { startHarness, type Harness } from './support/harness';
import { TEST_MARKET } from './support/test-market';

/** A market whose verifier crashes with a non-catalog error: must fail closed, never 500. */
const brokenMarket: MarketModule = {
  id: 'broken-market',
  configSchema: Type.Object({}),
  create: () => ({ verifier: { verify: async () => { throw new TypeError('cannot read properties of undefined'); } } }),
};

forEachEngine('receipt checks the core owns (binding, product, expiry, state, config)', (engine) => {
  let h: Harness;
  let session: string;
  beforeEach(async () => {
    h = await startHarness({ ...engine(), extraMarkets: [brokenMarket] });
    session = (await h.login('player-1')).sessionToken;
  });
  afterEach(async () => h?.close());

  async function submit(receipt: unknown, token = session, market = TEST_MARKET) {
    const res = await h.post('/v1/receipts', { market, receipt }, token);
    return { status: res.statusCode, code: res.json().error?.code as string | undefined, body: res.json() };
  }
  const paidRows = () => h.tdb.db.all("SELECT purchase_id FROM purchases WHERE state IN ('VERIFIED', 'CONSUMED')");

  it('a store-signed receipt with no binding of ours is recorded UNCLAIMED and claimed once, by the reporting user (issue #14)', async () => {
    const r = await h.reserve(session, 'gas');
    const receipt = h.receipt({ productId: r.marketProductId, developerPayload: 'anything' });
    const first = await submit(receipt);
    expect(first.status).to.equal(200);
    expect(first.body.purchase).to.include({ userKey: 'player-1', state: 'VERIFIED', productId: 'gas' });
    expect(first.body.purchase.purchaseId).to.not.equal(r.purchaseId);
    const thief = (await h.login('player-2')).sessionToken;
    expect((await submit(receipt, thief)).code).to.equal('RECEIPT_ALREADY_USED');
    expect(await paidRows()).to.have.length(1);
  });

  it('rejects a forged MAC and a payload moved to another product\u2019s reservation', async () => {
    const r = await h.reserve(session, 'gas');
    const forged = `${r.payload.developerPayload.slice(0, -4)}AAAA`;
    expect((await submit(h.receipt({ productId: 'gas', developerPayload: forged }))).code).to.equal('RECEIPT_PAYLOAD_INVALID');
    expect((await submit(h.receipt({ productId: 'com.example.car_upgrade', developerPayload: r.payload.developerPayload }))).code).to.equal('RECEIPT_PRODUCT_MISMATCH');
  });

  it('rejects another user\u2019s payload, and a Google account id of another user', async () => {
    const r = await h.reserve(session, 'gas');
    const thief = (await h.login('player-2')).sessionToken;
    expect((await submit(h.receipt({ productId: 'gas', developerPayload: r.payload.developerPayload }), thief)).code).to.equal('RECEIPT_PAYLOAD_INVALID');
    const mine = await h.reserve(thief, 'gas');
    const res = await submit(h.receipt({ productId: 'gas', obfuscatedProfileId: mine.payload.obfuscatedProfileId, obfuscatedAccountId: r.payload.obfuscatedAccountId }), thief);
    expect(res.code).to.equal('RECEIPT_PAYLOAD_INVALID');
  });

  it('binds an Apple-style appAccountToken (the purchase id) to its reservation', async () => {
    const r = await h.reserve(session, 'gas');
    const res = await submit(h.receipt({ productId: 'gas', appAccountToken: r.payload.appAccountToken.toUpperCase() }));
    expect(res.status).to.equal(200);
    expect(res.body.purchase.purchaseId).to.equal(r.purchaseId);
  });

  it('rejects a purchase made after the payload expired, but accepts a late receipt of a timely purchase', async () => {
    const r = await h.reserve(session, 'gas');
    const made = h.clock.now;
    h.clock.now += 2 * 3600_000;
    expect((await submit(h.receipt({ productId: 'gas', developerPayload: r.payload.developerPayload, purchaseTime: h.clock.now }))).code).to.equal('RECEIPT_PAYLOAD_EXPIRED');
    const fresh = (await h.login('player-1')).sessionToken;
    const late = await submit(h.receipt({ productId: 'gas', developerPayload: r.payload.developerPayload, purchaseTime: made + 1000 }), fresh);
    expect(late.status).to.equal(200);
  });

  it('rejects a canceled store state and a second store transaction on one reservation', async () => {
    const r = await h.reserve(session, 'gas');
    expect((await submit(h.receipt({ productId: 'gas', developerPayload: r.payload.developerPayload, state: 'CANCELED' }))).code).to.equal('RECEIPT_STATE_INVALID');
    expect((await submit(h.receipt({ productId: 'gas', developerPayload: r.payload.developerPayload }))).status).to.equal(200);
    const second = await submit(h.receipt({ productId: 'gas', developerPayload: r.payload.developerPayload }));
    expect(second.code).to.equal('RECEIPT_PAYLOAD_INVALID');
    expect(await paidRows()).to.have.length(1);
  });

  it('flags test and sandbox purchases (never revenue) on the record', async () => {
    const r = await h.reserve(session, 'gas');
    const res = await submit(h.receipt({ productId: 'gas', developerPayload: r.payload.developerPayload, test: true, sandbox: true }));
    expect(res.body.purchase).to.include({ test: true, environment: 'sandbox' });
  });

  it('fails closed when the market configuration is missing or unusable', async () => {
    await h.tdb.db.write((tx) => tx.run('UPDATE app_markets SET config = ? WHERE app_key = ? AND market = ?', ['{"packageName":""}', h.appKey, TEST_MARKET]));
    const r = await h.reserve(session, 'gas');
    const res = await submit(h.receipt({ productId: 'gas', developerPayload: r.payload.developerPayload }));
    expect(res.status).to.equal(400);
    expect(res.code).to.equal('MARKET_NOT_CONFIGURED');
    expect(await paidRows()).to.deep.equal([]);
  });

  it('answers UNKNOWN_MARKET / MARKET_NOT_ENABLED, and a crashing verifier is a clean RECEIPT_MALFORMED', async () => {
    expect((await h.post('/v1/sessions', { market: 'no-such-market', userKey: 'u' })).json().error.code).to.equal('UNKNOWN_MARKET');
    expect((await h.post('/v1/sessions', { market: 'broken-market', userKey: 'u' })).json().error.code).to.equal('MARKET_NOT_ENABLED');
    await h.tdb.db.write((tx) => tx.run("INSERT INTO app_markets (app_key, market, enabled, config, updated_at) VALUES (?, 'broken-market', 1, '{}', 0)", [h.appKey]));
    const s = (await h.login('player-1', {}, 'broken-market')).sessionToken;
    const res = await submit({ originalJson: '{}', signature: 'x' }, s, 'broken-market');
    expect(res.status).to.equal(400);
    expect(res.code).to.equal('RECEIPT_MALFORMED');
  });

  it('refuses a receipt for another market than the session\u2019s', async () => {
    const res = await submit(h.receipt({ productId: 'gas' }), session, 'sandbox');
    expect(res.code).to.equal('FORBIDDEN');
  });
});
