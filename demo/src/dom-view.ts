import type { GasStationState, GasStationView, Notice, PendingPurchase } from '../../assets/samples/gas-station/gas-station-types';
import { GAS_PER_PURCHASE_LITRES, GAS_PRODUCT_ID, CAR_UPGRADE_PRODUCT_ID, PREMIUM_PASS_PRODUCT_ID, canBuyPremium } from '../../assets/samples/gas-station/game-rules';
import { premiumPassText } from '../../assets/samples/gas-station/texts';

/** Litres that fill the gauge; more than this still counts, the bar just stays full. */
const GAUGE_FULL_LITRES = 40;
const LOG_LIMIT = 30;

export interface PendingActions {
  resolve(purchase: PendingPurchase, outcome: 'approve' | 'decline'): void;
}

function byTestId<T extends HTMLElement = HTMLElement>(root: ParentNode, id: string): T {
  const el = root.querySelector<T>(`[data-testid="${id}"]`);
  if (!el) throw new Error(`The page has no [data-testid="${id}"]`);
  return el;
}

/** Draws the game state into the page of demo/index.html. */
export class DomView implements GasStationView {
  private readonly scene: HTMLElement;
  private readonly car: Element;
  private lastOdometer = -1;

  constructor(
    private readonly doc: Document,
    private readonly pendingActions: PendingActions,
  ) {
    this.scene = doc.querySelector('.scene') as HTMLElement;
    this.car = byTestId(doc, 'car');
  }

  render(state: GasStationState): void {
    const { save } = state;
    byTestId(this.doc, 'fuel').textContent = String(save.fuelLitres);
    const fill = byTestId(this.doc, 'fuel-bar');
    fill.style.width = `${Math.min(100, (save.fuelLitres / GAUGE_FULL_LITRES) * 100)}%`;
    fill.classList.toggle('low', state.tripsLeft <= 1);
    byTestId(this.doc, 'odometer').textContent = String(save.odometerKm);
    byTestId(this.doc, 'mileage').textContent = String(state.kmPerLitre);
    byTestId(this.doc, 'trips-left').textContent = String(state.tripsLeft);
    byTestId(this.doc, 'upgraded').hidden = !save.carUpgraded;
    this.car.classList.toggle('upgraded', save.carUpgraded);
    this.scene.classList.toggle('empty', state.tripsLeft === 0);
    if (this.lastOdometer >= 0 && save.odometerKm > this.lastOdometer) this.playDrive();
    this.lastOdometer = save.odometerKm;

    const buyGas = byTestId<HTMLButtonElement>(this.doc, 'buy-gas');
    const upgrade = byTestId<HTMLButtonElement>(this.doc, 'upgrade-car');
    buyGas.disabled = !state.shopOpen || state.buying !== null;
    upgrade.disabled = !state.shopOpen || state.buying !== null || save.carUpgraded;
    buyGas.classList.toggle('busy', state.buying === GAS_PRODUCT_ID);
    upgrade.classList.toggle('busy', state.buying === CAR_UPGRADE_PRODUCT_ID);
    byTestId(this.doc, 'price-gas').textContent = state.prices[GAS_PRODUCT_ID] ?? '';
    byTestId(this.doc, 'price-car_upgrade').textContent = save.carUpgraded ? 'owned' : (state.prices[CAR_UPGRADE_PRODUCT_ID] ?? '');
    this.renderPremium(state);
    this.renderPending(state);
  }

  private renderPremium(state: GasStationState): void {
    const pass = state.premium;
    const button = byTestId<HTMLButtonElement>(this.doc, 'buy-premium');
    button.disabled = !state.shopOpen || state.buying !== null || !canBuyPremium(pass);
    button.classList.toggle('busy', state.buying === PREMIUM_PASS_PRODUCT_ID);
    byTestId(this.doc, 'price-premium_pass').textContent = pass?.active ? 'active' : (state.prices[PREMIUM_PASS_PRODUCT_ID] ?? '');
    const line = byTestId(this.doc, 'premium');
    line.textContent = premiumPassText(pass);
    // Machine-readable too: the state and the server's expiry as the server sent them.
    line.dataset.state = pass?.state ?? 'NONE';
    line.dataset.active = String(pass?.active === true);
    line.dataset.expiresAt = pass?.expiresAt ?? '';
    line.classList.toggle('on', pass?.active === true);
    byTestId(this.doc, 'premium-badge').hidden = pass?.active !== true;
  }

  notify(notice: Notice): void {
    const log = byTestId(this.doc, 'log');
    const item = this.doc.createElement('li');
    item.className = notice.kind;
    item.textContent = notice.text;
    if (notice.purchaseId) item.dataset.purchaseId = notice.purchaseId;
    log.prepend(item);
    while (log.children.length > LOG_LIMIT) log.lastElementChild?.remove();
  }

  private renderPending(state: GasStationState): void {
    byTestId(this.doc, 'pending').hidden = state.pending.length === 0;
    const list = byTestId(this.doc, 'pending-list');
    list.replaceChildren(...state.pending.map((p) => {
      const item = this.doc.createElement('li');
      item.dataset.purchaseId = p.purchaseId;
      const label = this.doc.createElement('span');
      label.textContent = p.productId === GAS_PRODUCT_ID ? `Gas (${GAS_PER_PURCHASE_LITRES} L)` : p.productId === PREMIUM_PASS_PRODUCT_ID ? 'Premium pass' : 'Car upgrade';
      item.append(label, this.miniButton('Payment clears', 'ok', () => this.pendingActions.resolve(p, 'approve')),
        this.miniButton('Payment declined', 'no', () => this.pendingActions.resolve(p, 'decline')));
      return item;
    }));
  }

  private miniButton(text: string, kind: 'ok' | 'no', onClick: () => void): HTMLButtonElement {
    const button = this.doc.createElement('button');
    button.className = `mini ${kind}`;
    button.dataset.testid = kind === 'ok' ? 'pending-approve' : 'pending-decline';
    button.textContent = text;
    button.addEventListener('click', onClick);
    return button;
  }

  private playDrive(): void {
    this.scene.classList.remove('driving');
    void this.scene.offsetWidth; // restart the CSS animation
    this.scene.classList.add('driving');
  }
}
