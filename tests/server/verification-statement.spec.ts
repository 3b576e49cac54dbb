import { expect } from 'chai';
import type { SubmitReceiptResponse } from '../../assets/common-billing/protocol/api';
import { forEachEngine } from './support/engines';
import { startHarness, type Harness } from './support/harness';
import { TEST_MARKET } from './support/test-market';

/**
 * On PostgreSQL a reservation's first receipt is recorded by one statement whose binding MAC is
 * checked on the row it returns (taken back in the same transaction when it fails). Both engines:
 * a refused receipt leaves the reservation exactly as it was, and the genuine one still records.
 */
forEachEngine('the one-statement verification write', (engine) => {
  let h: Harness;
  let session: string;
  beforeEach(async () => {
    h = await startHarness(engine());
    session = (await h.login('player-1')).sessionToken;
  });
  afterEach(async () => h?.close());

  const submit = (receipt: unknown) => h.post('/v1/receipts', { market: TEST_MARKET, receipt }, session);
  const row = (id: string) => h.tdb.db.get<Record<string, unknown>>('SELECT * FROM purchases WHERE purchase_id = ?', [id]);
  const events = (id: string) => h.tdb.db.all<{ type: string }>('SELECT type FROM purchase_events WHERE purchase_id = ? ', [id]);

  it('a forged binding MAC changes nothing; the genuine receipt then records once, with one event', async () => {
    const r = await h.reserve(session, 'gas');
    const before = await row(r.purchaseId);
    const forged = `${r.payload.developerPayload.slice(0, -4)}AAAA`;
    const refused = await submit(h.receipt({ productId: 'gas', developerPayload: forged, orderId: 'GPA.forged-1' }));
    expect(refused.json<{ error: { code: string } }>().error.code).to.equal('RECEIPT_PAYLOAD_INVALID');
    expect(await row(r.purchaseId)).to.deep.equal(before);
    expect((await events(r.purchaseId)).map((e) => e.type).sort()).to.deep.equal(['RESERVED']);
    expect(await h.tdb.db.get("SELECT purchase_id FROM purchases WHERE store_transaction_id = 'GPA.forged-1'")).to.equal(undefined);

    const ok = await submit(h.receipt({ productId: 'gas', developerPayload: r.payload.developerPayload, orderId: 'GPA.genuine-1' }));
    expect(ok.statusCode, ok.body).to.equal(200);
    const answer = ok.json<SubmitReceiptResponse>().purchase;
    expect(answer).to.include({ purchaseId: r.purchaseId, state: 'VERIFIED', storeTransactionId: 'GPA.genuine-1' });
    const stored = (await row(r.purchaseId))!;
    expect(stored.state).to.equal('VERIFIED');
    expect(new Date(Number(stored.updated_at)).toISOString()).to.equal(answer.updatedAt);
    expect((await events(r.purchaseId)).map((e) => e.type).sort()).to.deep.equal(['RESERVED', 'VERIFIED']);
  });

  it('the same receipt sent again is a replay of the recorded purchase, not a second record', async () => {
    const r = await h.reserve(session, 'gas');
    const receipt = h.receipt({ productId: 'gas', developerPayload: r.payload.developerPayload });
    const [a, b] = await Promise.all([submit(receipt), submit(receipt)]);
    expect([a.statusCode, b.statusCode]).to.deep.equal([200, 200]);
    expect(a.json<SubmitReceiptResponse>().purchase.purchaseId).to.equal(b.json<SubmitReceiptResponse>().purchase.purchaseId);
    expect((await events(r.purchaseId)).map((e) => e.type).sort()).to.deep.equal(['RESERVED', 'VERIFIED']);
  });
});
