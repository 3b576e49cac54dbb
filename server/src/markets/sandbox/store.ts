import { createPrivateKey, randomBytes, sign, type KeyObject } from 'node:crypto';
import { BoundedCache } from '../shared/bounded-cache';
import type {
  SandboxOutcome, SandboxReceiptData, SandboxStorePurchase, SandboxStoreSubscription, SandboxSubscriptionAction, SandboxSubscriptionScript,
} from '../../../../assets/common-billing/protocol/sandbox';
import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';
import type { SandboxMarketConfig } from '../../domain/apps';
import { DEFAULT_SANDBOX_SUBSCRIPTION_CLOCK, SANDBOX_MARKET_ID as SANDBOX_MARKET, type SandboxSubscriptionClock } from './config';
import type { BillingContext } from '../../domain/context';
import { findNotified } from '../../lifecycle/notifications/intake';
import { reconcile } from '../../lifecycle/reconcile';
import { findPurchase } from '../../storage/repos/purchases';
import { listProducts, marketProductId } from '../../storage/repos/products';
import type { SqlExecutor } from '../../storage/types';
import { SandboxSubscriptionStore, type StoreNotificationSink } from './subscription-store';

interface StoreRow {
  purchase_token: string;
  order_id: string;
  app_key: string;
  user_key: string;
  product_id: string;
  state: 'purchased' | 'pending' | 'canceled' | 'consumed' | 'refunded';
  acknowledged: number;
  developer_payload: string;
  quantity: number;
  purchase_time: number;
  /** Subscriptions: the end of the first period, which the first receipt carries. */
  expiry_time: number | null;
  created_at: number;
  updated_at: number;
}

type SandboxConfig = SandboxMarketConfig & { subscriptionClock?: SandboxSubscriptionClock };

export interface StoreUser {
  appKey: string;
  userKey: string;
}

/**
 * The sandbox STORE: the store side of a purchase, as Google Play would keep it. It signs its
 * receipts like a real store (RSASSA-PKCS1-v1_5 SHA-256 over the exact originalJson bytes,
 * with the app's sandbox private key); the sandbox verifier checks them like any other market.
 */
export class SandboxStore {
  readonly subscriptions: SandboxSubscriptionStore;

  constructor(private readonly ctx: BillingContext, sink: StoreNotificationSink) {
    this.subscriptions = new SandboxSubscriptionStore(ctx.db, ctx.now, sink);
  }

  private async config(appKey: string): Promise<SandboxConfig> {
    const { config } = await this.ctx.markets.requireEnabled(this.ctx.db, appKey, SANDBOX_MARKET);
    const c = config as Partial<SandboxConfig>;
    if (typeof c.privateKeyPem !== 'string' || typeof c.packageName !== 'string') throw new BillingError('MARKET_NOT_CONFIGURED');
    return c as SandboxConfig;
  }

  async purchase(user: StoreUser, input: { productId: string; developerPayload: string; quantity?: number; outcome: SandboxOutcome; script?: SandboxSubscriptionScript }): Promise<SandboxStorePurchase | null> {
    const config = await this.config(user.appKey);
    const products = await listProducts(this.ctx.db, user.appKey);
    const product = products.find((p) => marketProductId(p, SANDBOX_MARKET) === input.productId);
    if (!product) throw new BillingError('UNKNOWN_PRODUCT', undefined, { details: { productId: input.productId } });
    const subscription = product.type === 'subscription';
    if (subscription && input.outcome === 'pending') {
      throw new BillingError('VALIDATION_FAILED', 'Sandbox: a subscription is paid at once (choose approve, fail or duplicate).');
    }
    if (!subscription && input.script) throw new BillingError('VALIDATION_FAILED', 'Sandbox: `script` is for subscription products only.');
    if (input.outcome === 'cancel') return null;
    const now = this.ctx.now();
    const clock = config.subscriptionClock ?? DEFAULT_SANDBOX_SUBSCRIPTION_CLOCK;
    const row: StoreRow = {
      purchase_token: `sbx_${randomBytes(24).toString('base64url')}`,
      order_id: `SBX.${randomBytes(8).toString('hex').toUpperCase()}`,
      app_key: user.appKey,
      user_key: user.userKey,
      product_id: input.productId,
      state: input.outcome === 'pending' ? 'pending' : 'purchased',
      acknowledged: 0,
      developer_payload: input.developerPayload,
      quantity: input.quantity ?? 1,
      purchase_time: now,
      expiry_time: subscription ? now + clock.periodMs : null,
      created_at: now,
      updated_at: now,
    };
    await this.ctx.db.write(async (tx) => {
      await insertRow(tx, row);
      if (subscription) {
        await this.subscriptions.start(tx, {
          purchaseToken: row.purchase_token, orderId: row.order_id, appKey: row.app_key, userKey: row.user_key,
          productId: row.product_id, developerPayload: row.developer_payload, at: now, script: input.script ?? 'renew',
        }, clock);
      }
    });
    // 'fail': the store charged (the record exists) but the client hears an error, as when
    // the app dies right after paying; the purchase shows up in GET /v1/sandbox/purchases.
    if (input.outcome === 'fail') throw new BillingError('STORE_UNAVAILABLE', 'Sandbox: the store charged but the answer was lost (scripted failure).');
    return view(row, config);
  }

  async unfinished(user: StoreUser): Promise<SandboxStorePurchase[]> {
    const config = await this.config(user.appKey);
    const rows = await this.ctx.db.all<StoreRow>(
      `SELECT * FROM sandbox_store_purchases WHERE app_key = ? AND user_key = ? AND state IN ('purchased', 'pending')
       ORDER BY created_at, purchase_token LIMIT 200`,
      [user.appKey, user.userKey],
    );
    return rows.map((r) => view(r, config));
  }

  resolve(user: StoreUser, token: string, outcome: 'approve' | 'decline') {
    return this.transition(user, token, (row) => {
      if (row.state !== 'pending') throw new BillingError('PURCHASE_STATE_INVALID', 'Only a pending sandbox purchase can be resolved.');
      return { state: outcome === 'approve' ? 'purchased' : 'canceled' };
    });
  }

  consume(user: StoreUser, token: string) {
    return this.transition(user, token, (row) => {
      if (row.state === 'consumed') return {};
      if (row.state === 'pending') throw new BillingError('PURCHASE_PENDING');
      if (row.state !== 'purchased') throw new BillingError('PURCHASE_STATE_INVALID');
      return { state: 'consumed', acknowledged: 1 };
    });
  }

  acknowledge(user: StoreUser, token: string) {
    return this.transition(user, token, (row) => {
      if (row.state === 'pending') throw new BillingError('PURCHASE_PENDING');
      if (row.state === 'canceled') throw new BillingError('PURCHASE_STATE_INVALID');
      return { acknowledged: 1 };
    });
  }

  /**
   * The store refunds a purchase after delivery, as a player's refund request does at a real
   * store: the record is void, and the store says so to the billing server at once (in-process,
   * authenticated by being our own store), which revokes the purchase (purchase.revoked). A
   * subscription's purchase token refunds the subscription: revoked now.
   */
  async refundLatest(user: StoreUser, productId: string): Promise<SandboxStorePurchase> {
    const row = await this.ctx.db.get<{ purchase_token: string }>(
      `SELECT purchase_token FROM sandbox_store_purchases WHERE app_key = ? AND user_key = ? AND product_id = ? AND state IN ('purchased', 'consumed')
       ORDER BY created_at DESC, purchase_token DESC LIMIT 1`,
      [user.appKey, user.userKey, productId],
    );
    if (!row) throw new BillingError('PURCHASE_NOT_FOUND', 'The sandbox store has no paid purchase of this product to refund.');
    return this.refund(user, row.purchase_token);
  }

  async refund(user: StoreUser, token: string): Promise<SandboxStorePurchase> {
    if (await this.subscriptions.find(token)) await this.subscriptions.apply(user, token, 'refund');
    const refunded = await this.transition(user, token, (row) => {
      if (row.state === 'refunded') return {};
      if (row.state !== 'purchased' && row.state !== 'consumed') throw new BillingError('PURCHASE_STATE_INVALID', 'Only a paid sandbox purchase can be refunded.');
      return { state: 'refunded' };
    });
    await this.revokeAtServer(user.appKey, refunded);
    return refunded;
  }

  private async revokeAtServer(appKey: string, p: SandboxStorePurchase): Promise<void> {
    const found = await findNotified(this.ctx.db, SANDBOX_MARKET, appKey, p.purchaseToken, p.orderId);
    if (!found) return; // never reported to the billing server: nothing to take back there
    await this.ctx.db.write(async (tx) => {
      const current = await findPurchase(tx, found.purchase_id);
      if (!current) return;
      await reconcile(tx, current, { signal: 'voided', signed: true, kind: 'SANDBOX_REFUND', reason: 'sandbox:refund', at: this.ctx.now(), source: 'notification' }, this.ctx.now());
    });
  }

  listSubscriptions(user: StoreUser): Promise<SandboxStoreSubscription[]> {
    return this.subscriptions.list(user.appKey, user.userKey);
  }

  async actOnSubscription(user: StoreUser, token: string, action: SandboxSubscriptionAction): Promise<SandboxStoreSubscription> {
    if (action === 'refund') {
      const record = await this.subscriptions.find(token);
      if (!record || record.app_key !== user.appKey || record.user_key !== user.userKey) throw new BillingError('PURCHASE_NOT_FOUND');
      await this.refund(user, token);
      const after = (await this.subscriptions.list(user.appKey, user.userKey)).find((s) => s.purchaseToken === token);
      if (!after) throw new BillingError('PURCHASE_NOT_FOUND');
      return after;
    }
    return this.subscriptions.apply(user, token, action);
  }

  private async transition(user: StoreUser, token: string, change: (row: StoreRow) => Partial<Pick<StoreRow, 'state' | 'acknowledged'>>): Promise<SandboxStorePurchase> {
    const config = await this.config(user.appKey);
    const row = await this.ctx.db.write(async (tx) => {
      const found = await tx.get<StoreRow>('SELECT * FROM sandbox_store_purchases WHERE purchase_token = ?', [token]);
      if (!found || found.app_key !== user.appKey || found.user_key !== user.userKey) throw new BillingError('PURCHASE_NOT_FOUND');
      const next = { ...found, ...change(found), updated_at: this.ctx.now() };
      await tx.run('UPDATE sandbox_store_purchases SET state = ?, acknowledged = ?, updated_at = ? WHERE purchase_token = ?', [
        next.state,
        next.acknowledged,
        next.updated_at,
        token,
      ]);
      return next;
    });
    return view(row, config);
  }
}

async function insertRow(tx: SqlExecutor, r: StoreRow): Promise<void> {
  await tx.run(
    `INSERT INTO sandbox_store_purchases (purchase_token, order_id, app_key, user_key, product_id, state, acknowledged,
       developer_payload, quantity, purchase_time, expiry_time, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [r.purchase_token, r.order_id, r.app_key, r.user_key, r.product_id, r.state, r.acknowledged, r.developer_payload, r.quantity, r.purchase_time, r.expiry_time, r.created_at, r.updated_at],
  );
}

/** The receipt's JSON is rebuilt from the record in a fixed field order, so it is byte-stable. */
export function sandboxReceiptJson(row: Pick<StoreRow, 'order_id' | 'product_id' | 'purchase_time' | 'state' | 'purchase_token' | 'developer_payload' | 'quantity'> & Partial<Pick<StoreRow, 'expiry_time'>>, packageName: string): string {
  const data: SandboxReceiptData = {
    orderId: row.order_id,
    packageName,
    productId: row.product_id,
    purchaseTime: Number(row.purchase_time),
    purchaseState: row.state === 'pending' ? 4 : 0,
    purchaseToken: row.purchase_token,
    developerPayload: row.developer_payload,
    quantity: Number(row.quantity),
  };
  // A subscription's first receipt says when its first period ends on the store's clock (one-time
  // receipts keep their exact old bytes).
  if (row.expiry_time !== null && row.expiry_time !== undefined) {
    data.expiryTimeMillis = Number(row.expiry_time);
    data.autoRenewing = true;
  }
  return JSON.stringify(data);
}

/** Parsed sandbox signing keys (one per app): parsing a PEM cost as much as the signature itself. */
const signingKeys = new BoundedCache<string, KeyObject>(256);

function signingKey(pem: string): KeyObject {
  let key = signingKeys.get(pem);
  if (!key) signingKeys.set(pem, (key = createPrivateKey(pem)));
  return key;
}

function view(row: StoreRow, config: SandboxMarketConfig): SandboxStorePurchase {
  const originalJson = sandboxReceiptJson(row, config.packageName);
  const signature = sign('sha256', Buffer.from(originalJson, 'utf8'), signingKey(config.privateKeyPem)).toString('base64');
  return {
    orderId: row.order_id,
    purchaseToken: row.purchase_token,
    productId: row.product_id,
    state: row.state,
    acknowledged: Boolean(Number(row.acknowledged)),
    developerPayload: row.developer_payload,
    receipt: { originalJson, signature },
  };
}
