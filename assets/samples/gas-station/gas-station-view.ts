import { BlockInputEvents, Graphics, type Label, type Node } from 'cc';
import type { PublicProduct, SandboxOutcomeChooser } from '../../common-billing/core/types';
import { CAR_UPGRADE_PRODUCT_ID, GAS_PRODUCT_ID } from './game-rules';
import { formatPrice, type GasStationState, type GasStationView, type Notice } from './gas-station-game';
import { fillRoundRect, hex, makeButton, makeLabel, makeNode, type GameButton } from './ui-kit';

/** What the player's buttons do; the component forwards them to GasStationGame. */
export interface GasStationActions {
  drive(): void;
  buyGas(): void;
  upgradeCar(): void;
  refresh(): void;
}

const WIDTH = 720;
const GAUGE_WIDTH = 300;
const GAUGE_FULL_LITRES = 40;
const NOTICE_LINES = 3;
const NOTICE_COLORS: Record<Notice['kind'], string> = { info: '#1d4ed8', success: '#047857', warning: '#b45309', error: '#b91c1c' };

type Outcome = Awaited<ReturnType<SandboxOutcomeChooser>>;

/**
 * The whole Gas Station screen, built in code under one root node: road and car, fuel gauge,
 * the three buttons, a pending-payment line, the last notices and the sandbox store dialog.
 */
export class CocosGasStationView implements GasStationView {
  readonly root: Node;
  readonly buttons: { drive: GameButton; buyGas: GameButton; upgradeCar: GameButton; refresh: GameButton };
  readonly labels: { fuel: Label; odometer: Label; mileage: Label; pending: Label; notices: Label };
  private readonly car: Graphics;
  private readonly gauge: Graphics;
  private readonly dialog: Node;
  private readonly dialogTitle: Label;
  private readonly notices: Notice[] = [];
  private chooseOutcome: ((outcome: Outcome) => void) | null = null;

  constructor(parent: Node, actions: GasStationActions) {
    this.root = makeNode('GasStationUI', parent, WIDTH, 640);
    makeLabel(this.root, 'Title', 'GAS STATION', WIDTH, 50, 0, 285, { fontSize: 40, bold: true, color: '#d9480f' });

    const scene = makeNode('Road', this.root, WIDTH - 20, 200, 0, 150);
    const backdrop = scene.addComponent(Graphics);
    fillRoundRect(backdrop, WIDTH - 20, 200, 18, '#8fd3ff');
    backdrop.fillColor = hex('#7ccf6b');
    backdrop.rect(-(WIDTH - 20) / 2, -60, WIDTH - 20, 40);
    backdrop.fill();
    backdrop.fillColor = hex('#4b5563');
    backdrop.rect(-(WIDTH - 20) / 2, -100, WIDTH - 20, 42);
    backdrop.fill();
    this.car = makeNode('Car', scene, 160, 70, -140, -55).addComponent(Graphics);
    this.labels = {
      odometer: makeLabel(scene, 'Odometer', '0 km', 180, 36, 230, -78, { fontSize: 24, color: '#a7f3d0', bold: true }),
      fuel: makeLabel(this.root, 'Fuel', '', 160, 36, 250, 20, { fontSize: 26, bold: true, align: 'left' }),
      mileage: makeLabel(this.root, 'Mileage', '', 300, 30, -190, -20, { fontSize: 20, align: 'left' }),
      pending: makeLabel(this.root, 'Pending', '', 520, 36, -90, -180, { fontSize: 20, color: '#b45309' }),
      notices: makeLabel(this.root, 'Notices', '', WIDTH - 40, 90, 0, -260, { fontSize: 19, align: 'left' }),
    };
    makeLabel(this.root, 'GaugeCaption', 'GAS', 60, 30, -300, 20, { fontSize: 22, bold: true, color: '#b45309' });
    this.gauge = makeNode('Gauge', this.root, GAUGE_WIDTH, 24, -100, 20).addComponent(Graphics);

    this.buttons = {
      drive: makeButton(this.root, 'DriveButton', 'DRIVE', 210, 72, -235, -100, '#2ec4b6', () => actions.drive()),
      buyGas: makeButton(this.root, 'BuyGasButton', 'BUY GAS', 210, 72, 0, -100, '#ff9f1c', () => actions.buyGas()),
      upgradeCar: makeButton(this.root, 'UpgradeButton', 'UPGRADE MY CAR', 210, 72, 235, -100, '#7b61ff', () => actions.upgradeCar()),
      refresh: makeButton(this.root, 'CheckPaymentButton', 'CHECK PAYMENT', 190, 44, 250, -180, '#f4a261', () => actions.refresh()),
    };
    this.buttons.refresh.node.active = false;

    ({ dialog: this.dialog, title: this.dialogTitle } = this.buildStoreDialog());
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

  private buildStoreDialog(): { dialog: Node; title: Label } {
    const dialog = makeNode('SandboxStoreDialog', this.root, 1600, 1600);
    dialog.addComponent(BlockInputEvents); // the game behind the sheet cannot be touched
    const dim = dialog.addComponent(Graphics);
    dim.fillColor = hex('#0f172a8c');
    dim.rect(-800, -800, 1600, 1600);
    dim.fill();
    const panel = makeNode('Sheet', dialog, 460, 330);
    fillRoundRect(panel.addComponent(Graphics), 460, 330, 20, '#ffffff');
    makeLabel(panel, 'StoreName', 'Sandbox Store · test purchase', 420, 34, 0, 130, { fontSize: 20, bold: true, color: '#475569' });
    const title = makeLabel(panel, 'Product', '', 420, 40, 0, 88, { fontSize: 26, bold: true });
    const choices: Array<[Outcome, string, string, number, number]> = [
      ['approve', 'PAY', '#2ec4b6', -105, 20],
      ['pending', 'PAY LATER', '#f4a261', 105, 20],
      ['fail', 'PAY, THEN CRASH', '#8d99ae', -105, -70],
      ['cancel', 'CANCEL', '#e63946', 105, -70],
    ];
    for (const [outcome, caption, color, x, y] of choices) {
      makeButton(panel, `Choice-${outcome}`, caption, 196, 70, x, y, color, () => this.answer(outcome));
    }
    dialog.active = false;
    return { dialog, title };
  }

  private answer(outcome: Outcome): void {
    const resolve = this.chooseOutcome;
    this.chooseOutcome = null;
    this.dialog.active = false;
    resolve?.(outcome);
  }

  private drawGauge(litres: number, low: boolean): void {
    const g = this.gauge;
    g.clear();
    fillRoundRect(g, GAUGE_WIDTH, 24, 12, '#e2e8f0');
    const filled = Math.min(1, litres / GAUGE_FULL_LITRES) * GAUGE_WIDTH;
    if (filled > 0) {
      g.fillColor = hex(low ? '#e63946' : '#ff9f1c');
      g.roundRect(-GAUGE_WIDTH / 2, -12, filled, 24, 12);
      g.fill();
    }
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
