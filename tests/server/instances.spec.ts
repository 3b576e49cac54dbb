import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';
import type { ConsumeResponse, SubmitReceiptResponse } from '../../assets/common-billing/protocol/api';
import { buildApp } from '../../server/src/app';
import { registryOf } from '../../server/src/domain/market-services';
import { openDatabase } from '../../server/src/storage/open';
import type { Database } from '../../server/src/storage/types';
import { requirePostgres } from '../support/environment';
import { startHarness, type Harness } from './support/harness';
import { TEST_MARKET, testMarketModule } from './support/test-market';

/** Two server instances on one PostgreSQL database (same master key), hit concurrently. */
describe('several instances on one PostgreSQL database', () => {
  let h: Harness;
  let db2: Database;
  let second: FastifyInstance;
  before(async function () {
    const pgUrl = requirePostgres(this);
    h = await startHarness({ engine: 'postgres', pgUrl });
    db2 = await openDatabase(h.tdb.config);
    second = await buildApp({ db: db2, keys: h.keys, markets: registryOf([testMarketModule]), now: () => h.clock.now, rateLimitPerMinute: 0 });
  });
  after(async () => {
    await second?.close();
    await db2?.close();
    await h?.close();
  });

  const on = (app: FastifyInstance, url: string, body: object, auth: string) =>
    app.inject({ method: 'POST', url, payload: body, headers: { 'x-app-key': h.appKey, authorization: `Bearer ${auth}` } });

  it('one store receipt sent to both instances at once becomes one purchase', async () => {
    const s = await h.login('player-1');
    const r = await h.reserve(s.sessionToken, 'gas');
    const receipt = h.receipt({ productId: 'gas', developerPayload: r.payload.developerPayload });
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => on(i % 2 ? second : h.app, '/v1/receipts', { market: TEST_MARKET, receipt }, s.sessionToken)),
    );
    expect(answers.filter((a) => a.statusCode !== 200).map((a) => a.body)).to.deep.equal([]);
    expect(new Set(answers.map((a) => a.json<SubmitReceiptResponse>().purchase.purchaseId))).to.deep.equal(new Set([r.purchaseId]));
    const rows = await h.tdb.db.all("SELECT purchase_id FROM purchases WHERE state = 'VERIFIED'");
    expect(rows).to.have.length(1);
  });

  it('concurrent consumes across instances: exactly one first consume', async () => {
    const s = await h.login('player-2');
    const r = await h.reserve(s.sessionToken, 'gas');
    const v = (await h.post('/v1/receipts', { market: TEST_MARKET, receipt: h.receipt({ productId: 'gas', developerPayload: r.payload.developerPayload }) }, s.sessionToken)).json<SubmitReceiptResponse>();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => on(i % 2 ? second : h.app, `/v1/purchases/${r.purchaseId}/consume`, { paymentToken: v.paymentToken! }, h.secretKey)),
    );
    expect(answers.filter((a) => a.statusCode !== 200).map((a) => a.body)).to.deep.equal([]);
    expect(answers.filter((a) => !a.json<ConsumeResponse>().alreadyConsumed)).to.have.length(1);
  });
});
