import type { MarketBridge } from '../../../assets/common-billing/core/market-bridge';
import type { BridgeEvent, NativePurchase } from '../../../assets/common-billing/protocol/bridge';

/**
 * A store that reports a purchase again after it was finished, as real stores do: a
 * `purchasesUpdated` callback repeated late, or a purchase list fetched just before the
 * finish and handed over after it (`staleList`). It wraps the market's real bridge (use it
 * as `decorateBridge`) and remembers every purchase the store reported; `finishCalls` lists
 * the store-side closes (`consume <token>`, `acknowledge <token>`, `finish <transactionId>`).
 */
export class RepeatingStore {
  readonly reported = new Map<string, NativePurchase>();
  readonly finishCalls: string[] = [];
  /** Purchases queryPurchases keeps listing whatever the store holds now. */
  staleList: NativePurchase[] = [];
  private readonly listeners = new Set<(event: BridgeEvent) => void>();

  readonly decorate = (bridge: MarketBridge): MarketBridge => ({
    onEvent: (listener) => {
      this.listeners.add(listener);
      const off = bridge.onEvent((event) => {
        this.remember(event.purchases);
        listener(event);
      });
      return () => {
        this.listeners.delete(listener);
        off();
      };
    },
    close: () => bridge.close(),
    call: async (method, params) => {
      if (method === 'consume' || method === 'acknowledge') this.finishCalls.push(`${method} ${(params as { purchaseToken: string }).purchaseToken}`);
      if (method === 'finish') this.finishCalls.push(`finish ${(params as { transactionId: string }).transactionId}`);
      const result = await bridge.call(method, params);
      const listed = (result as { purchases?: NativePurchase[] }).purchases;
      if (listed) this.remember(listed);
      if (method !== 'queryPurchases') return result;
      const tokens = new Set(listed!.map((p) => p.purchaseToken));
      return { purchases: [...listed!, ...this.staleList.filter((p) => !tokens.has(p.purchaseToken))] } as typeof result;
    },
  });

  /** The one purchase the store reported for this product (as it looked when last reported). */
  purchaseOf(productId: string): NativePurchase {
    const found = [...this.reported.values()].filter((p) => p.productId === productId);
    if (found.length !== 1) throw new Error(`expected one reported purchase of ${productId}, found ${found.length}`);
    return found[0]!;
  }

  /** The store's purchasesUpdated callback for `purchase`, delivered again. */
  reportAgain(purchase: NativePurchase): void {
    for (const listener of [...this.listeners]) listener({ type: 'purchasesUpdated', purchases: [purchase] });
  }

  private remember(purchases: NativePurchase[]): void {
    for (const p of purchases) this.reported.set(p.purchaseToken, p);
  }
}
