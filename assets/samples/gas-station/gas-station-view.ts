import { Graphics, Label, ProgressBar, Sprite, type Node } from 'cc';
import type { PublicProduct, SandboxOutcomeChooser } from 'db://common-billing/core/types';
import { CAR_UPGRADE_PRODUCT_ID, GAS_PRODUCT_ID, PREMIUM_PASS_PRODUCT_ID, canBuyPremium } from './game-rules';
import { formatPrice } from './gas-station-game';
import type { GasStationState, GasStationView, Notice } from './gas-station-types';
import { premiumPassText } from './texts';
import { bindButton, childAt, componentAt, fillRoundRect, hex, type GameButton } from './ui-kit';

/** What the player's buttons do; the component forwards them to GasStationGame. */
export interface GasStationActions {
  drive(): void;
  buyGas(): void;
  upgradeCar(): void;
  buyPremiumPass(): void;
  refresh(): void;
}

const ROAD_WIDTH = 700;
const GAUGE_FULL_LITRES = 40;
const NOTICE_LINES = 3;
const NOTICE_COLORS: Record<Notice['kind'], string> = { info: '#1d4ed8', success: '#047857', warning: '#b45309', error: '#b91c1c' };

type Outcome = Awaited<ReturnType<SandboxOutcomeChooser>>;

/**
 * The Gas Station screen of gas-station.scene (the `GasStationUI` node: road and car, fuel gauge,
 * the four buttons, the premium pass line, a pending-payment line, the last notices) and the sandbox store dialog
 * (an instance of sandbox-store-dialog.prefab). The nodes come from the scene; this class finds
 * them by name, paints what Graphics draws and keeps them in step with the game's state.
 */
export class CocosGasStationView implements GasStationView {
  readonly root: Node;
  readonly buttons: { drive: GameButton; buyGas: GameButton; upgradeCar: GameButton; premium: GameButton; refresh: GameButton };
  readonly labels: { fuel: Label; odometer: Label; mileage: Label; premium: Label; pending: Label; notices: Label };
  private readonly car: Graphics;
  private readonly gauge: ProgressBar;
  private readonly gaugeBar: Sprite;
  private readonly dialog: Node;
  private readonly dialogTitle: Label;
  private readonly notices: Notice[] = [];
  private chooseOutcome: ((outcome: Outcome) => void) | null = null;

  constructor(ui: Node, dialog: Node, actions: GasStationActions) {
    this.root = ui;
    paintRoad(componentAt(ui, 'Road', Graphics));
    this.car = componentAt(ui, 'Road/Car', Graphics);
    this.labels = {
      odometer: componentAt(ui, 'Road/Odometer', Label),
      fuel: componentAt(ui, 'Fuel', Label),
      mileage: componentAt(ui, 'Mileage', Label),
      premium: componentAt(ui, 'Premium', Label),
      pending: componentAt(ui, 'Pending', Label),
      notices: componentAt(ui, 'Notices', Label),
    };
    this.gauge = componentAt(ui, 'Gauge', ProgressBar);
    this.gaugeBar = componentAt(ui, 'Gauge/Bar', Sprite);
    this.buttons = {
      drive: bindButton(childAt(ui, 'DriveButton'), '#2ec4b6', () => actions.drive()),
      buyGas: bindButton(childAt(ui, 'BuyGasButton'), '#ff9f1c', () => actions.buyGas()),
      upgradeCar: bindButton(childAt(ui, 'UpgradeButton'), '#7b61ff', () => actions.upgradeCar()),
      premium: bindButton(childAt(ui, 'PremiumButton'), '#d97706', () => actions.buyPremiumPass()),
      refresh: bindButton(childAt(ui, 'CheckPaymentButton'), '#f4a261', () => actions.refresh()),
    };
    this.buttons.refresh.node.active = false;
    this.dialog = dialog;
    this.dialogTitle = componentAt(dialog, 'Sheet/Product', Label);
    this.bindStoreDialog();
  }

  /** The sandbox market asks this dialog how each sandbox purchase should go. */
  readonly storeDialog: SandboxOutcomeChooser = (product: PublicProduct) => new Promise<Outcome>((resolve) => {
    this.chooseOutcome?.('cancel'); // a dialog left open by an earlier purchase is answered first
    this.dialogTitle.string = `${product.title || product.productId}   ${formatPrice(product)}`;
    this.chooseOutcome = resolve;
    this.dialog.active = true;
  });

  render(state: GasStationState): void {
    const { save } = state;
    this.labels.fuel.string = `${save.fuelLitres} L`;
    this.labels.odometer.string = `${save.odometerKm} km`;
    this.labels.mileage.string = `${state.kmPerLitre} km/L · ${state.tripsLeft} trips left${save.carUpgraded ? ' · UPGRADED' : ''}`;
    this.drawGauge(save.fuelLitres, state.tripsLeft <= 1);
    this.drawCar(save.carUpgraded);
    this.buttons.buyGas.setEnabled(state.shopOpen && state.buying === null);
    this.buttons.upgradeCar.setEnabled(state.shopOpen && state.buying === null && !save.carUpgraded);
    this.buttons.buyGas.label.string = `BUY GAS ${state.prices[GAS_PRODUCT_ID] ?? ''}`.trim();
    this.buttons.upgradeCar.label.string = save.carUpgraded ? 'UPGRADED' : `UPGRADE MY CAR ${state.prices[CAR_UPGRADE_PRODUCT_ID] ?? ''}`.trim();
    const pass = state.premium;
    this.labels.premium.string = premiumPassText(pass);
    this.buttons.premium.setEnabled(state.shopOpen && state.buying === null && canBuyPremium(pass));
    this.buttons.premium.label.string = pass?.active ? 'PREMIUM ×2 GAS' : `PREMIUM PASS ${state.prices[PREMIUM_PASS_PRODUCT_ID] ?? ''}`.trim();
    const pending = state.pending.length;
    this.labels.pending.string = pending ? `${pending} payment(s) pending at the store` : '';
    this.buttons.refresh.node.active = pending > 0;
  }

  notify(notice: Notice): void {
    this.notices.unshift(notice);
    this.notices.length = Math.min(this.notices.length, NOTICE_LINES);
    this.labels.notices.string = this.notices.map((n) => n.text).join('\n');
    this.labels.notices.color = hex(NOTICE_COLORS[this.notices[0]?.kind ?? 'info']);
  }

  private bindStoreDialog(): void {
    const dim = componentAt(this.dialog, '', Graphics);
    dim.fillColor = hex('#0f172a8c');
    dim.rect(-800, -800, 1600, 1600);
    dim.fill();
    fillRoundRect(componentAt(this.dialog, 'Sheet', Graphics), 460, 330, 20, '#ffffff');
    const choices: Array<[Outcome, string]> = [['approve', '#2ec4b6'], ['pending', '#f4a261'], ['fail', '#8d99ae'], ['cancel', '#e63946'], ['duplicate', '#0891b2']];
    for (const [outcome, color] of choices) bindButton(childAt(this.dialog, `Sheet/Choice-${outcome}`), color, () => this.answer(outcome));
    this.dialog.active = false;
  }

  private answer(outcome: Outcome): void {
    const resolve = this.chooseOutcome;
    this.chooseOutcome = null;
    this.dialog.active = false;
    resolve?.(outcome);
  }

  private drawGauge(litres: number, low: boolean): void {
    this.gauge.progress = Math.min(1, litres / GAUGE_FULL_LITRES);
    this.gaugeBar.color = hex(low ? '#e63946' : '#ff9f1c');
  }

  private drawCar(upgraded: boolean): void {
    const g = this.car;
    g.clear();
    g.fillColor = hex(upgraded ? '#7b61ff' : '#ff9f1c');
    g.roundRect(-75, -15, 150, 34, 10);
    g.fill();
    g.roundRect(-40, 12, 80, 26, 10);
    g.fill();
    g.fillColor = hex('#dbeafe');
    g.roundRect(-32, 17, 64, 16, 5);
    g.fill();
    g.fillColor = hex('#1f2937');
    for (const x of [-45, 45]) {
      g.circle(x, -18, 15);
      g.fill();
    }
  }
}

/** Sky, grass and road behind the car (Graphics keeps no drawing in the scene file). */
function paintRoad(backdrop: Graphics): void {
  fillRoundRect(backdrop, ROAD_WIDTH, 200, 18, '#8fd3ff');
  backdrop.fillColor = hex('#7ccf6b');
  backdrop.rect(-ROAD_WIDTH / 2, -60, ROAD_WIDTH, 40);
  backdrop.fill();
  backdrop.fillColor = hex('#4b5563');
  backdrop.rect(-ROAD_WIDTH / 2, -100, ROAD_WIDTH, 42);
  backdrop.fill();
}
