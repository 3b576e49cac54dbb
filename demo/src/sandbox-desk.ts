import type { CreateSessionResponse } from '../../assets/common-billing/protocol/api';
import type {
  SandboxPurchasesResponse, SandboxStorePurchase, SandboxStoreSubscription, SandboxSubscriptionAction, SandboxSubscriptionResponse, SandboxSubscriptionsResponse,
} from '../../assets/common-billing/protocol/sandbox';

/**
 * The sandbox store's back office: settles a pending payment ("the cash was paid at the
 * convenience store" / "the parent declined"). A real store does this on its own servers,
 * so the demo does it with its own session, apart from the game's SDK.
 */
export class SandboxDesk {
  constructor(
    private readonly serverUrl: string,
    private readonly appKey: string,
    private readonly userKey: string,
    private readonly fetchFn: typeof fetch,
  ) {}

  private session: string | null = null;

  /** Approves or declines the store's pending purchase behind our purchaseId. */
  async settle(purchaseId: string, productId: string, outcome: 'approve' | 'decline'): Promise<void> {
    const session = await this.sessionToken();
    const { purchases } = await this.call<SandboxPurchasesResponse>('GET', '/v1/sandbox/purchases', undefined, session);
    const target = findPending(purchases, purchaseId, productId);
    if (!target) throw new Error('The store has no pending payment for this purchase any more.');
    await this.call('POST', `/v1/sandbox/purchases/${encodeURIComponent(target.purchaseToken)}/resolve`, { outcome }, session);
  }

  /** The player's subscription of `productId` at the store (the newest), on the store's clock. */
  async subscription(productId: string): Promise<SandboxStoreSubscription | null> {
    const { subscriptions } = await this.call<SandboxSubscriptionsResponse>('GET', '/v1/sandbox/subscriptions', undefined, await this.sessionToken());
    const mine = subscriptions.filter((s) => s.productId === productId);
    return mine[mine.length - 1] ?? null;
  }

  /** Scripts the subscription's life at the store: renew, fail a renewal, cancel, refund. */
  async script(purchaseToken: string, action: SandboxSubscriptionAction): Promise<SandboxStoreSubscription> {
    const answer = await this.call<SandboxSubscriptionResponse>('POST', `/v1/sandbox/subscriptions/${encodeURIComponent(purchaseToken)}/actions`, { action }, await this.sessionToken());
    return answer.subscription;
  }

  /** The store refunds the player's newest paid purchase of `productId` after delivery; the billing server revokes it at once (purchase.revoked). */
  async refundLatest(productId: string): Promise<void> {
    await this.call('POST', '/v1/sandbox/refunds', { productId }, await this.sessionToken());
  }

  /** The desk's own session, kept while it works (it polls the store); a rejected one is replaced once. */
  private async sessionToken(fresh = false): Promise<string> {
    if (this.session && !fresh) return this.session;
    const created = await this.call<CreateSessionResponse>('POST', '/v1/sessions', { market: 'sandbox', userKey: this.userKey });
    this.session = created.sessionToken;
    return created.sessionToken;
  }

  private async call<T>(method: string, path: string, body: unknown, session?: string): Promise<T> {
    try {
      return await this.once<T>(method, path, body, session);
    } catch (error) {
      if (!session || !(error instanceof DeskError) || error.status !== 401) throw error;
      return this.once<T>(method, path, body, await this.sessionToken(true));
    }
  }

  private async once<T>(method: string, path: string, body: unknown, session?: string): Promise<T> {
    const headers: Record<string, string> = { 'x-app-key': this.appKey, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (session) headers.authorization = `Bearer ${session}`;
    const response = await this.fetchFn(`${this.serverUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    const json = text ? (JSON.parse(text) as unknown) : {};
    if (!response.ok) {
      const error = (json as { error?: { code?: string; message?: string } }).error;
      throw new DeskError(response.status, `${error?.message ?? `HTTP ${response.status}`} (${error?.code ?? 'HTTP'})`);
    }
    return json as T;
  }
}

class DeskError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** The store record carries our purchaseId in its signed receipt; fall back to the product for older records. */
function findPending(purchases: SandboxStorePurchase[], purchaseId: string, productId: string): SandboxStorePurchase | undefined {
  const pending = purchases.filter((p) => p.state === 'pending');
  return pending.find((p) => receiptPurchaseId(p) === purchaseId)
    ?? (pending.filter((p) => p.productId === productId).length === 1 ? pending.find((p) => p.productId === productId) : undefined);
}

function receiptPurchaseId(purchase: SandboxStorePurchase): string | undefined {
  try {
    const data = JSON.parse(purchase.receipt.originalJson) as { purchaseId?: unknown };
    return typeof data.purchaseId === 'string' ? data.purchaseId : undefined;
  } catch {
    return undefined;
  }
}
