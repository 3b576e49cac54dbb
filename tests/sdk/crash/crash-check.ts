import { expect } from 'chai';
import { MemoryStorage } from '../../../assets/common-billing/core/memory-storage';
import { upsertProduct } from '../../../server/src/storage/repos/products';
import type { Harness } from '../../server/support/harness';
import type { FetchLike } from '../../../assets/common-billing/core/types';
import { Game, injectFetch, runLife } from './crash-world';

export const PRODUCTS = ['gas', 'car_upgrade', 'oil'];

/** A third product so that three purchases can be open at once (one open purchase per product). */
export async function addOil(harness: Harness): Promise<void> {
  await harness.tdb.db.write((tx) => upsertProduct(tx, harness.appKey, { productId: 'oil', type: 'consumable', title: 'Oil' }, harness.clock.now));
}

/** What the check needs from the billing server + sandbox store (the real server of the harness). */
export interface Backend {
  appKey: string;
  /** Counts, per purchaseId, the consumes the server answered with alreadyConsumed=false. */
  firstConsumes: Map<string, number>;
  fetch: FetchLike;
  /** The game server's login token for a player. */
  loginToken(userKey: string): string;
  storeRows(userKey: string): Promise<{ product_id: string; order_id: string; state: string; acknowledged: number }[]>;
  serverPurchase(orderId: string): Promise<{ purchase_id: string; state: string } | undefined>;
  /** The game's own server consuming with its secret key (tallied in firstConsumes too). */
  gameServerConsume(purchaseId: string, paymentToken: string): Promise<void>;
}

export function realBackend(harness: Harness): Backend {
  const firstConsumes = new Map<string, number>();
  return {
    appKey: harness.appKey,
    firstConsumes,
    fetch: injectFetch(harness, firstConsumes),
    loginToken: (userKey) => harness.loginToken(userKey),
    // app_key leads the store's (app_key, user_key, state) index; without it every lookup scans
    // all the store rows of the earlier schedules and the check slows down as the run goes on.
    storeRows: (userKey) =>
      harness.tdb.db.all(
        "SELECT product_id, order_id, state, acknowledged FROM sandbox_store_purchases WHERE app_key = ? AND user_key = ? AND state <> 'canceled'",
        [harness.appKey, userKey],
      ),
    serverPurchase: (orderId) =>
      harness.tdb.db.get('SELECT purchase_id, state FROM purchases WHERE market = ? AND store_transaction_id = ?', ['sandbox', orderId]),
    async gameServerConsume(purchaseId, paymentToken) {
      const res = await harness.app.inject({
        method: 'POST', url: `/v1/purchases/${purchaseId}/consume`, headers: { authorization: `Bearer ${harness.secretKey}` }, payload: { paymentToken },
      });
      if (res.statusCode !== 200) throw new Error(`game server consume: ${res.statusCode}`);
      if (res.json<{ alreadyConsumed: boolean }>().alreadyConsumed === false) firstConsumes.set(purchaseId, (firstConsumes.get(purchaseId) ?? 0) + 1);
    },
  };
}

let users = 0;

/**
 * One schedule: lives with the given crash points, then a clean life, then the invariants:
 * every purchase the store charged is consumed at the billing server exactly once (first
 * call wins), granted by the game, finished at the store, and the journal is empty.
 */
export async function checkSchedule(
  backend: Backend,
  purchases: number,
  crashes: (number | null)[],
  model: 'build-in' | 'server' = 'build-in',
): Promise<{ boundaries: number[] }> {
  const userKey = `crash-user-${++users}`;
  const env = { appKey: backend.appKey, loginToken: backend.loginToken, backing: new MemoryStorage(), fetch: backend.fetch, game: new Game(model, (id, token) => backend.gameServerConsume(id, token)), userKey };
  const toBuy = PRODUCTS.slice(0, purchases);
  const paidProducts = async () => new Set((await backend.storeRows(userKey)).map((r) => r.product_id));
  const boundaries: number[] = [];
  for (const crashAt of [...crashes, null]) boundaries.push((await runLife(env, toBuy, crashAt, paidProducts)).boundaries);
  // One more clean life: everything that was open is now done, nothing is left to replay.
  await runLife(env, [], null, paidProducts);

  const rows = await backend.storeRows(userKey);
  const context = `${model} model, schedule ${JSON.stringify(crashes)} for ${purchases} purchase(s)`;
  expect(rows.map((r) => r.product_id).sort(), `${context}: every product bought once`).to.deep.equal([...toBuy].sort());
  for (const row of rows) {
    const purchase = await backend.serverPurchase(row.order_id);
    expect(purchase, `${context}: paid store purchase ${row.order_id} reached the server`).to.not.equal(undefined);
    expect(purchase!.state, context).to.equal('CONSUMED');
    expect(backend.firstConsumes.get(purchase!.purchase_id), `${context}: consumed exactly once`).to.equal(1);
    expect(env.game.granted.has(purchase!.purchase_id), `${context}: delivered`).to.equal(true);
    expect(row.state === 'consumed' || row.acknowledged === 1, `${context}: finished at the store`).to.equal(true);
  }
  expect(env.game.granted.size, `${context}: nothing granted that was not paid`).to.equal(rows.length);
  const index = await env.backing.getItem(`commonbilling/${backend.appKey}/index`);
  expect(index === null ? [] : (JSON.parse(index) as { keys: string[] }).keys, `${context}: journal compacted`).to.deep.equal([]);
  return { boundaries };
}
