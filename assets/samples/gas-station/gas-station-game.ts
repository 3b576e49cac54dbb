import type { BillingPurchase, CommonBillingListener, DeliveryInfo, PublicProduct } from 'db://common-billing/core/types';
import type { BillingError } from 'db://common-billing/protocol/error-codes';
import {
  CAR_UPGRADE_PRODUCT_ID, GAS_PRODUCT_ID, PREMIUM_PASS_PRODUCT_ID, canBuyPremium, drive, grantPurchase, kmPerLitre, premiumPassOf, takeBackRefunded, tripsLeft,
  type EntitlementsAnswer, type GameSave, type PremiumPass,
} from './game-rules';
import type { SaveStore } from './save-store';
import { describeError, errorCode, formatPrice, nameOf, passNotice, rewardText } from './texts';
import type { BillingForGame, GasStationState, GasStationView, LoginTokenSource, PendingPurchase } from './gas-station-types';

export { formatPrice };

/**
 * The purchase handling a real game needs, without any engine: the Cocos component and the
 * web demo both drive this class and only draw what it reports.
 *
 * Build-in consume model (the sample has no game server of its own):
 *   onPurchaseVerified → consume(purchaseId) → onDeliver → grant once per purchaseId, SAVE,
 *   then confirmDelivered(purchaseId) so the SDK finishes the purchase at the store.
 * The save is written before confirmDelivered: if the game dies in between, the purchase is
 * replayed at the next login (recovered: true) and the save's applied ids stop a second grant.
 */

const NO_LOGIN_TOKEN: LoginTokenSource = async () => undefined;

export class GasStationGame {
  private save: GameSave;
  private billing: BillingForGame | null = null;
  private userKey: string | null = null;
  private loginToken: LoginTokenSource = NO_LOGIN_TOKEN;
  private shopOpen = false;
  private buying: string | null = null;
  private readonly pending = new Map<string, PendingPurchase>();
  private readonly prices: Record<string, string> = {};
  /** Errors already shown through onPurchaseFailed, so the rejected purchase() does not show them twice. */
  private readonly reported = new WeakSet<object>();
  /** Purchases announced as recovered; their delivery is worded as such even if the SDK's flag is not repeated. */
  private readonly recoveredIds = new Set<string>();
  /** Paid purchases on their way into the save and back to the store (purchaseId → productId). */
  private readonly delivering = new Map<string, string>();
  private premium: PremiumPass | null = null;

  /** Pass this to `CommonBilling.initialize(market, game.listener, options)`. */
  readonly listener: CommonBillingListener = {
    onProducts: (products) => this.onProducts(products),
    onPurchaseVerified: (purchase) => this.onVerified(purchase),
    onPurchasePending: (purchase) => this.onPending(purchase),
    onPurchaseCanceled: (purchase) => this.onCanceled(purchase),
    onPurchaseFailed: (error, purchase) => this.onFailed(error, purchase),
    onDeliver: (purchase, info) => this.onDeliver(purchase, info),
    onPurchaseFinished: (purchase) => {
      this.forgetPending(purchase.purchaseId);
      this.settleDelivery(purchase.purchaseId);
    },
    onRestored: (purchase) => this.onRestored(purchase),
    onError: (error) => this.view.notify({ kind: 'error', text: `Billing: ${error.message} (${error.code})` }),
  };

  constructor(
    private readonly saves: SaveStore,
    private readonly view: GasStationView,
  ) {
    const loaded = saves.load();
    this.save = loaded.save;
    if (loaded.status === 'corrupt') view.notify({ kind: 'warning', text: `Your save could not be read (${loaded.reason}); starting a new game.` });
  }

  get state(): GasStationState {
    return {
      save: this.save,
      tripsLeft: tripsLeft(this.save),
      kmPerLitre: kmPerLitre(this.save),
      shopOpen: this.shopOpen,
      buying: this.buying ?? this.delivering.values().next().value ?? null,
      pending: [...this.pending.values()],
      prices: { ...this.prices },
      premium: this.premium,
    };
  }

  /** Logs in after `initialize`; unfinished purchases are replayed to `listener` during this call. */
  async start(billing: BillingForGame, userKey: string, loginToken: LoginTokenSource = NO_LOGIN_TOKEN): Promise<void> {
    this.billing = billing;
    this.userKey = userKey;
    this.loginToken = loginToken;
    this.render();
    try {
      const result = await billing.login(userKey, await loginToken(userKey));
      this.shopOpen = true;
      if (result.replayed > 0) this.view.notify({ kind: 'info', text: `Picked up ${result.replayed} purchase(s) from last time.` });
    } catch (error) {
      this.view.notify({ kind: 'error', text: `Could not reach the shop: ${describeError(error)}` });
    }
    this.render();
    if (this.shopOpen) await this.refreshEntitlements();
  }

  buyPremiumPass(): Promise<void> {
    if (!canBuyPremium(this.premium)) {
      const text = this.premium?.active ? 'Your premium pass is already active.' : 'Your premium pass renewal is failing: fix the payment at the store.';
      this.view.notify({ kind: 'info', text });
      return Promise.resolve();
    }
    return this.buy(PREMIUM_PASS_PRODUCT_ID);
  }

  /**
   * Asks the billing server what the player has now: the pass (renewed, in grace, expired,
   * refunded: the store changes it on its own clock, so the game asks again now and then, and
   * after a purchase), and whether the store refunded the car upgrade (then it is taken back).
   */
  async refreshEntitlements(): Promise<void> {
    if (!this.billing || !this.userKey) return;
    let answer: EntitlementsAnswer;
    try {
      answer = await this.billing.getEntitlements();
    } catch (error) {
      this.view.notify({ kind: 'warning', text: `Could not check the premium pass: ${describeError(error)}` });
      return;
    }
    const taken = takeBackRefunded(this.save, answer);
    if (taken !== this.save && this.commit(taken)) this.view.notify({ kind: 'warning', text: 'The store refunded your car upgrade: it is taken back.' });
    const pass = premiumPassOf(answer);
    const before = this.premium;
    this.premium = pass;
    const changed = before !== null && (before.state !== pass.state || before.expiresAt !== pass.expiresAt);
    if (changed && pass.state !== null) this.view.notify(passNotice(before, pass));
    this.render();
  }

  drive(): void {
    const result = drive(this.save);
    if (result.outcome === 'out-of-gas') {
      this.view.notify({ kind: 'warning', text: 'Out of gas! Buy gas to keep driving.' });
      return;
    }
    this.commit(result.save);
  }

  buyGas(): Promise<void> {
    return this.buy(GAS_PRODUCT_ID);
  }

  upgradeCar(): Promise<void> {
    if (this.save.carUpgraded) {
      this.view.notify({ kind: 'info', text: 'Your car is already upgraded.' });
      return Promise.resolve();
    }
    return this.buy(CAR_UPGRADE_PRODUCT_ID);
  }

  /**
   * Re-asks the store and the server, e.g. after a pending payment was settled at the store:
   * a fresh login reconciles everything (a cleared payment is delivered, a declined one is
   * closed as canceled), then restore reports owned non-consumables.
   */
  async refresh(): Promise<void> {
    if (!this.billing || !this.userKey || !this.shopOpen) return;
    // The shop closes while the session is renewed: a purchase started now would race it.
    this.shopOpen = false;
    this.render();
    try {
      await this.billing.login(this.userKey, await this.loginToken(this.userKey));
      await this.billing.restore();
    } catch (error) {
      this.view.notify({ kind: 'error', text: `Could not refresh purchases: ${describeError(error)}` });
    }
    this.shopOpen = true;
    this.render();
  }

  private async buy(productId: string): Promise<void> {
    if (!this.billing || !this.shopOpen || this.state.buying) return;
    this.buying = productId;
    this.render();
    try {
      await this.billing.purchase(productId);
    } catch (error) {
      // The listener already reported failures that concern a purchase; this catches the
      // ones that never reached the store (offline, already open, unknown product).
      if (!(error instanceof Object && this.reported.has(error))) this.view.notify({ kind: 'error', text: `Purchase failed: ${describeError(error)}` });
    } finally {
      this.buying = null;
      this.render();
    }
  }

  private onProducts(products: PublicProduct[]): void {
    for (const product of products) this.prices[product.productId] = formatPrice(product);
    this.render();
  }

  private onVerified(purchase: BillingPurchase): void {
    if (this.forgetPending(purchase.purchaseId)) {
      this.view.notify({ kind: 'info', text: `Your pending ${nameOf(purchase)} payment cleared; delivering it now.`, purchaseId: purchase.purchaseId });
    } else if (purchase.recovered) {
      this.recoveredIds.add(purchase.purchaseId);
      this.view.notify({ kind: 'info', text: `Recovered your ${nameOf(purchase)} purchase from last time; delivering it now.`, purchaseId: purchase.purchaseId });
    }
    this.delivering.set(purchase.purchaseId, purchase.productId);
    this.render();
    this.billing?.consume(purchase.purchaseId).catch((error: unknown) => {
      this.settleDelivery(purchase.purchaseId);
      this.view.notify({ kind: 'error', text: `${nameOf(purchase)} is paid but not delivered yet (${describeError(error)}); it will be retried.`, purchaseId: purchase.purchaseId });
    });
  }

  private onDeliver(purchase: BillingPurchase, _info: DeliveryInfo): void {
    // The save, not `alreadyConsumed`, decides: a crash after the server consumed but before
    // the save was written still owes the player the item.
    const result = grantPurchase(this.save, purchase, { premium: this.premium?.active === true });
    if (result.outcome === 'unknown-product') {
      this.view.notify({ kind: 'error', text: `Unknown product "${purchase.productId}"; nothing was granted.`, purchaseId: purchase.purchaseId });
      return this.settleDelivery(purchase.purchaseId);
    }
    if (result.outcome === 'granted') {
      // Not saved: do not confirm; the replay at the next login grants it.
      if (!this.commit(result.save)) return this.settleDelivery(purchase.purchaseId);
      const recovered = purchase.recovered || this.recoveredIds.has(purchase.purchaseId);
      this.view.notify({ kind: 'success', text: rewardText(result.reward, recovered), purchaseId: purchase.purchaseId });
      if (result.reward.kind === 'premium-pass') void this.refreshEntitlements();
    }
    // Confirm every delivery, even of a purchase already granted (a replay after a crash between
    // the save and the confirmation). "Not found" means the SDK had already finished it.
    this.billing?.confirmDelivered(purchase.purchaseId).then(() => this.settleDelivery(purchase.purchaseId), (error: unknown) => {
      this.settleDelivery(purchase.purchaseId);
      if (errorCode(error) === 'PURCHASE_NOT_FOUND') return;
      this.view.notify({ kind: 'warning', text: `Delivered, but the store was not told yet (${describeError(error)}); it will be retried.`, purchaseId: purchase.purchaseId });
    });
  }

  private onRestored(purchase: BillingPurchase): void {
    const result = grantPurchase(this.save, purchase);
    if (result.outcome === 'granted' && this.commit(result.save)) {
      this.view.notify({ kind: 'success', text: `Restored: ${rewardText(result.reward, true)}`, purchaseId: purchase.purchaseId });
    }
  }

  private onPending(purchase: BillingPurchase): void {
    const known = this.pending.has(purchase.purchaseId);
    this.pending.set(purchase.purchaseId, { purchaseId: purchase.purchaseId, productId: purchase.productId });
    if (!known) this.view.notify({ kind: 'info', text: `${nameOf(purchase)}: payment pending at the store. It arrives as soon as the payment clears.`, purchaseId: purchase.purchaseId });
    this.render();
  }

  private onCanceled(purchase: BillingPurchase): void {
    const wasPending = this.forgetPending(purchase.purchaseId);
    this.view.notify({ kind: 'info', text: wasPending ? `${nameOf(purchase)}: the pending payment was declined.` : `${nameOf(purchase)}: purchase canceled.`, purchaseId: purchase.purchaseId });
  }

  private onFailed(error: BillingError, purchase: BillingPurchase | null): void {
    if (purchase) this.forgetPending(purchase.purchaseId);
    const what = purchase ? nameOf(purchase) : 'Purchase';
    const later = error.retryable ? ' It will be retried; nothing paid is lost.' : '';
    this.view.notify({ kind: 'error', text: `${what} failed: ${error.message} (${error.code}).${later}`, purchaseId: purchase?.purchaseId });
    this.reported.add(error);
  }

  private settleDelivery(purchaseId: string): void {
    if (this.delivering.delete(purchaseId)) this.render();
  }

  private forgetPending(purchaseId: string): boolean {
    const had = this.pending.delete(purchaseId);
    if (had) this.render();
    return had;
  }

  /** Saves first, then shows; a save that cannot be written is reported and not applied. */
  private commit(save: GameSave): boolean {
    try {
      this.saves.write(save);
    } catch (error) {
      this.view.notify({ kind: 'error', text: `Could not save the game: ${describeError(error)}` });
      return false;
    }
    this.save = save;
    this.render();
    return true;
  }

  private render(): void {
    this.view.render(this.state);
  }
}
