import { randomUUID } from 'node:crypto';
import type { FetchLike } from '../../../assets/common-billing/core/types';

interface ModelPurchase {
  purchaseId: string;
  userKey: string;
  productId: string;
  state: 'RESERVED' | 'VERIFIED' | 'CONSUMED';
  storeTransactionId: string | null;
  purchaseToken: string | null;
  storeFinished: boolean;
  developerPayload: string;
}

interface StoreRow {
  order_id: string;
  purchase_token: string;
  user_key: string;
  product_id: string;
  state: 'purchased' | 'consumed';
  acknowledged: number;
  developer_payload: string;
}

const PRODUCTS = [
  { productId: 'gas', marketProductId: 'gas', type: 'consumable', title: 'Gas', price: null },
  { productId: 'car_upgrade', marketProductId: 'car_upgrade', type: 'non-consumable', title: 'Car upgrade', price: null },
  { productId: 'oil', marketProductId: 'oil', type: 'consumable', title: 'Oil', price: null },
] as const;

/**
 * An in-memory MODEL of the billing server and its sandbox store, for the 10,000 random
 * crash schedules only (the real server costs ~150 ms a schedule here). It keeps the rules
 * the crash invariants rest on, as the real server implements them: one purchase per store
 * transaction, the binding checked against the reservation, consume first-call-wins, the
 * unfinished list = VERIFIED or CONSUMED-but-not-finished. The exhaustive schedules run
 * against the real server, so the model never stands in for it alone.
 */
export class ModelServer {
  readonly appKey = 'model-app';
  readonly firstConsumes = new Map<string, number>();
  private readonly purchases = new Map<string, ModelPurchase>();
  // Indexes, so a run of 10,000 schedules stays linear.
  private readonly byUser = new Map<string, ModelPurchase[]>();
  private readonly byTx = new Map<string, ModelPurchase>();
  private readonly byPayload = new Map<string, ModelPurchase>();
  private readonly storeByUser = new Map<string, StoreRow[]>();
  private readonly storeByToken = new Map<string, StoreRow>();
  private seq = 0;

  readonly fetch: FetchLike = async (url, init) => {
    const path = url.replace(/^https?:\/\/[^/]+/, '');
    const user = init.headers.authorization?.replace('Bearer ', '') ?? '';
    const body = init.body ? (JSON.parse(init.body) as Record<string, unknown>) : {};
    const answer = this.route(init.method, path, user, body);
    return { status: answer.status, text: async () => JSON.stringify(answer.body) };
  };

  async storeRows(userKey: string): Promise<StoreRow[]> {
    return this.storeByUser.get(userKey) ?? [];
  }

  async serverPurchase(orderId: string): Promise<{ purchase_id: string; state: string } | undefined> {
    const p = this.byTx.get(orderId);
    return p && { purchase_id: p.purchaseId, state: p.state };
  }

  /** The game's server consuming with its secret key. */
  async gameServerConsume(purchaseId: string, paymentToken: string): Promise<void> {
    const p = this.purchases.get(purchaseId);
    if (!p) throw new Error('game server consume: no such purchase');
    const answer = this.route('POST', `/v1/purchases/${purchaseId}/consume`, p.userKey, { paymentToken });
    if (answer.status !== 200) throw new Error(`game server consume: ${answer.status}`);
  }

  private route(method: string, path: string, user: string, body: Record<string, unknown>): { status: number; body: unknown } {
    const consume = /^\/v1\/purchases\/([^/]+)\/(consume|finished)$/.exec(path);
    const storeOp = /^\/v1\/sandbox\/purchases\/([^/]+)\/(consume|acknowledge)$/.exec(path);
    if (method === 'POST' && path === '/v1/sessions') return this.ok(this.session(String(body.userKey)));
    if (method === 'POST' && path === '/v1/purchases') return this.ok(this.reserve(user, String(body.productId)));
    if (method === 'POST' && path === '/v1/receipts') return this.receipt(user, body.receipt as { originalJson: string });
    if (method === 'GET' && path === '/v1/sandbox/purchases') return this.ok({ purchases: (this.storeByUser.get(user) ?? []).filter((r) => r.state === 'purchased').map(view) });
    if (method === 'POST' && path === '/v1/sandbox/purchases') return this.ok({ purchase: view(this.charge(user, body)) });
    if (method === 'POST' && storeOp) {
      const row = this.storeByToken.get(storeOp[1]!);
      if (!row) return this.error(404, 'PURCHASE_NOT_FOUND');
      if (storeOp[2] === 'consume') row.state = 'consumed';
      row.acknowledged = 1;
      return this.ok({ purchase: view(row) });
    }
    if (method === 'POST' && consume) {
      const p = this.purchases.get(consume[1]!);
      if (!p || p.userKey !== user) return this.error(404, 'PURCHASE_NOT_FOUND');
      if (consume[2] === 'finished') {
        p.storeFinished = true;
        return this.ok({ purchase: this.view(p) });
      }
      if (body.paymentToken !== `pt-${p.purchaseId}`) return this.error(403, 'PAYMENT_TOKEN_INVALID');
      const alreadyConsumed = p.state === 'CONSUMED';
      if (p.state !== 'VERIFIED' && !alreadyConsumed) return this.error(409, 'PURCHASE_STATE_INVALID');
      p.state = 'CONSUMED';
      if (!alreadyConsumed) this.firstConsumes.set(p.purchaseId, (this.firstConsumes.get(p.purchaseId) ?? 0) + 1);
      return this.ok({ purchase: this.view(p), alreadyConsumed });
    }
    return this.error(404, 'NOT_FOUND');
  }

  private session(userKey: string) {
    const unfinished = (this.byUser.get(userKey) ?? [])
      .filter((p) => (p.state === 'VERIFIED' || (p.state === 'CONSUMED' && !p.storeFinished)))
      .map((p) => ({ purchase: this.view(p), paymentToken: `pt-${p.purchaseId}` }));
    return { sessionToken: userKey, expiresAt: '2099-01-01T00:00:00Z', products: PRODUCTS, marketKey: null, unfinished };
  }

  private reserve(userKey: string, productId: string) {
    const product = PRODUCTS.find((p) => p.productId === productId)!;
    const purchaseId = randomUUID();
    const developerPayload = `dp-${purchaseId}`;
    const purchase: ModelPurchase = { purchaseId, userKey, productId, state: 'RESERVED', storeTransactionId: null, purchaseToken: null, storeFinished: false, developerPayload };
    this.purchases.set(purchaseId, purchase);
    this.byPayload.set(developerPayload, purchase);
    this.byUser.set(userKey, [...(this.byUser.get(userKey) ?? []), purchase]);
    const payload = { developerPayload, obfuscatedAccountId: '', obfuscatedProfileId: '', appAccountToken: purchaseId };
    return { purchaseId, productId, marketProductId: product.marketProductId, productType: product.type, quantity: 1, payload, expiresAt: '2099-01-01T00:00:00Z' };
  }

  private charge(userKey: string, body: Record<string, unknown>): StoreRow {
    const n = ++this.seq;
    const row: StoreRow = { order_id: `SBX.M${n}`, purchase_token: `sbx_m${n}`, user_key: userKey, product_id: String(body.productId), state: 'purchased', acknowledged: 0, developer_payload: String(body.developerPayload) };
    this.storeByUser.set(userKey, [...(this.storeByUser.get(userKey) ?? []), row]);
    this.storeByToken.set(row.purchase_token, row);
    return row;
  }

  private receipt(userKey: string, receipt: { originalJson: string }) {
    const data = JSON.parse(receipt.originalJson) as { orderId: string; purchaseToken: string; developerPayload: string };
    const bound = this.byTx.get(data.orderId);
    if (bound) return bound.userKey === userKey ? this.ok({ purchase: this.view(bound), paymentToken: `pt-${bound.purchaseId}` }) : this.error(409, 'RECEIPT_ALREADY_USED');
    const p = this.byPayload.get(data.developerPayload);
    if (!p || p.userKey !== userKey || p.state !== 'RESERVED') return this.error(400, 'RECEIPT_PAYLOAD_INVALID');
    Object.assign(p, { state: 'VERIFIED', storeTransactionId: data.orderId, purchaseToken: data.purchaseToken });
    this.byTx.set(data.orderId, p);
    return this.ok({ purchase: this.view(p), paymentToken: `pt-${p.purchaseId}` });
  }

  private view(p: ModelPurchase) {
    const product = PRODUCTS.find((x) => x.productId === p.productId)!;
    return {
      purchaseId: p.purchaseId, userKey: p.userKey, market: 'sandbox', productId: p.productId, marketProductId: product.marketProductId, productType: product.type,
      quantity: 1, state: p.state, storeTransactionId: p.storeTransactionId, purchaseToken: p.purchaseToken, environment: 'sandbox', test: true,
      storeFinished: p.storeFinished, deliveredAt: null, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z',
    };
  }

  private ok(body: unknown) {
    return { status: 200, body };
  }

  private error(status: number, code: string) {
    return { status, body: { error: { code, message: code, retryable: false } } };
  }
}

function view(r: StoreRow) {
  const originalJson = JSON.stringify({ orderId: r.order_id, purchaseToken: r.purchase_token, developerPayload: r.developer_payload, productId: r.product_id });
  return { orderId: r.order_id, purchaseToken: r.purchase_token, productId: r.product_id, state: r.state, acknowledged: r.acknowledged === 1, developerPayload: r.developer_payload, receipt: { originalJson, signature: 'model' } };
}
