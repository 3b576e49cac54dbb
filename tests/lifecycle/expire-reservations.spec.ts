import { expect } from 'chai';
import type { CreateSessionResponse, ReservePurchaseResponse, SubmitReceiptResponse } from '../../assets/common-billing/protocol/api';
import { forEachEngine } from '../server/support/engines';
import { LifecycleHarness, MARKET_PRODUCT, startStoreSimulators, type StoreSimulators } from './support/harness';

const HOUR = 3600_000;

/** A reservation that never got a receipt becomes EXPIRED; a receipt paid in time still counts. */
forEachEngine('lifecycle: reservation expiry', (engine) => {
  let h: LifecycleHarness;
  let stores: StoreSimulators | undefined;
  before(async () => {
    stores = await startStoreSimulators();
  });
  after(async () => stores?.close());
  afterEach(async () => h.close());

  const session = async (userKey: string) =>
    (await h.call('POST', '/v1/sessions', { market: 'google-play', userKey, loginToken: h.loginToken(userKey) })).json<CreateSessionResponse>().sessionToken;
  const reserve = async (token: string) => (await h.call('POST', '/v1/purchases', { productId: 'gas' }, token)).json<ReservePurchaseResponse>();

  it('expires unpaid reservations after the grace period, once, and leaves paid ones alone', async () => {
    h = await LifecycleHarness.start({ ...engine(), stores });
    const unpaid = await reserve(await session('dan'));
    const paid = await h.buy('google-play', 'eve');
    const expiresAt = Date.parse(unpaid.expiresAt);

    h.clock.now = expiresAt + 30 * 60_000;
    await h.app.lifecycle.scheduler.tick();
    expect((await h.purchase(unpaid.purchaseId)).state, 'still within the grace period').to.equal('RESERVED');

    h.clock.now = expiresAt + 2 * HOUR;
    await h.app.lifecycle.scheduler.tick();
    expect((await h.purchase(unpaid.purchaseId)).state).to.equal('EXPIRED');
    expect(await h.events(unpaid.purchaseId)).to.deep.equal(['RESERVED', 'EXPIRED']);
    expect((await h.purchase(paid.purchaseId)).state).to.equal('VERIFIED');

    h.clock.now += 3 * HOUR;
    await h.app.lifecycle.scheduler.tick();
    expect(await h.events(unpaid.purchaseId), 'expired once').to.deep.equal(['RESERVED', 'EXPIRED']);
  });

  it('a receipt paid before expiry but delivered after the reservation expired is still verified', async () => {
    h = await LifecycleHarness.start({ ...engine(), stores });
    const reservation = await reserve(await session('fay'));
    const store = h.google.purchase({
      productId: MARKET_PRODUCT['google-play'],
      obfuscatedAccountId: reservation.payload.obfuscatedAccountId,
      obfuscatedProfileId: reservation.payload.obfuscatedProfileId,
    });
    h.clock.now = Date.parse(reservation.expiresAt) + 2 * HOUR;
    await h.app.lifecycle.scheduler.tick();
    expect((await h.purchase(reservation.purchaseId)).state).to.equal('EXPIRED');

    const res = await h.call('POST', '/v1/receipts', { market: 'google-play', receipt: { originalJson: store.originalJson, signature: store.signature } }, await session('fay'));
    expect(res.statusCode, res.body).to.equal(200);
    expect(res.json<SubmitReceiptResponse>().purchase).to.include({ purchaseId: reservation.purchaseId, state: 'VERIFIED' });
  });
});
