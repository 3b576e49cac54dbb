import { expect } from 'chai';
import { decideRevocation } from '../../server/src/console/revocation-decisions';
import { DEFAULT_DEADLINE_POLICY, loadQueue } from '../../server/src/console/queues';
import { forEachEngine } from '../server/support/engines';
import { LifecycleHarness } from './support/harness';

/** Issue #13: a notification alone never revokes; without a store API a person decides. */
forEachEngine('unconfirmed revocations', (engine) => {
  let h: LifecycleHarness;
  afterEach(async () => h?.close());

  /** ONE store without its V7 server API: nothing can confirm what a PNS says. */
  async function withoutStoreApi(): Promise<void> {
    const config = { ...h.one.marketConfig({ online: false }), notificationAuth: { mode: 'pns-signature' } };
    await h.db.write((tx) => tx.run('UPDATE app_markets SET config = ?, updated_at = updated_at + 1 WHERE app_key = ? AND market = ?', [JSON.stringify(config), h.appKey, 'one-store']));
  }
  const queue = async () => (await loadQueue(h.db, 'unconfirmed-revocations', h.clock.now, DEFAULT_DEADLINE_POLICY)).map((r) => r.purchaseId);
  const audit = async () => h.db.all<{ actor: string; action: string; target_id: string; reason: string }>('SELECT actor, action, target_id, reason FROM console_audit ORDER BY audit_id');

  it('keeps the purchase, queues the request, and revokes only when an admin confirms (audited)', async () => {
    h = await LifecycleHarness.start(engine());
    const b = await h.buy('one-store', 'ann');
    await withoutStoreApi();
    const res = await h.notify('one-store', h.one.pns(b.token, 'CANCELED'));
    expect(res.json()).to.deep.equal({ status: 'unconfirmed' });
    expect((await h.purchase(b.purchaseId)).state).to.equal('VERIFIED');
    expect(await h.events(b.purchaseId)).to.include('REVOCATION_UNCONFIRMED');
    expect(await queue()).to.deep.equal([b.purchaseId]);
    // The store's retry of the same notification is a duplicate: still one request.
    expect((await h.notify('one-store', h.one.pns(b.token, 'CANCELED'))).json()).to.deep.equal({ status: 'duplicate' });

    await decideRevocation(h.db, 'confirm-revocation', { purchaseId: b.purchaseId, actor: 'admin@example.com', reason: 'refund seen in the ONE store console', ip: null }, h.clock.now);
    const row = await h.purchase(b.purchaseId);
    expect(row.state).to.equal('REVOKED');
    expect(await queue()).to.deep.equal([]);
    expect(await audit()).to.deep.equal([{ actor: 'admin@example.com', action: 'confirm-revocation', target_id: b.purchaseId, reason: 'refund seen in the ONE store console' }]);
    const again = await decideRevocation(h.db, 'dismiss-revocation', { purchaseId: b.purchaseId, actor: 'admin@example.com', reason: 'x', ip: null }, h.clock.now).catch((e: unknown) => e);
    expect(again).to.include({ code: 'CONFLICT' });
  });

  it('a dismissed request leaves the purchase paid', async () => {
    h = await LifecycleHarness.start(engine());
    const b = await h.buy('one-store', 'bob');
    await withoutStoreApi();
    await h.notify('one-store', h.one.pns(b.token, 'CANCELED'));
    await decideRevocation(h.db, 'dismiss-revocation', { purchaseId: b.purchaseId, actor: 'admin@example.com', reason: 'no refund at the store', ip: null }, h.clock.now);
    expect((await h.purchase(b.purchaseId)).state).to.equal('VERIFIED');
    expect(await queue()).to.deep.equal([]);
    expect(await h.events(b.purchaseId)).to.include('REVOCATION_DISMISSED');
  });
});
