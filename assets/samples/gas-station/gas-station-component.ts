import { _decorator, Component, instantiate, Node, Prefab, sys } from 'cc';
import { CommonBillingComponent } from 'db://common-billing/cocos/common-billing-component';
import { GasStationGame } from './gas-station-game';
import type { LoginTokenSource } from './gas-station-types';
import { CocosGasStationView } from './gas-station-view';
import { SaveStore, type SaveStorage } from './save-store';

const { ccclass, property } = _decorator;

const PLAYER_KEY = 'gas-station.player';
/** How often the sample asks the billing server about the premium pass (the store renews it on its own clock). */
const PASS_CHECK_SECONDS = 5;

/**
 * The sample game's component, on the `GasStation` node of gas-station.scene beside the
 * `CommonBilling` component whose inspector holds the server URL and app key. The screen is the
 * scene's `GasStationUI` node; the sandbox store dialog is sandbox-store-dialog.prefab.
 *
 * The sample has no game server, so it uses the build-in consume model; a game with a server
 * hands `paymentToken` to it instead (docs/integration.md).
 */
@ccclass('CBGasStationSample')
export class GasStationSample extends Component {
  @property({ type: CommonBillingComponent, tooltip: 'The CommonBilling component to use; empty = the one on this node' })
  billingComponent: CommonBillingComponent | null = null;

  @property({ tooltip: 'Your game\u2019s player id; empty = a random id kept in local storage (fine for the sample)' })
  userKey = '';

  @property({ type: Node, tooltip: 'The GasStationUI node (labels, gauge, buttons)' })
  ui: Node | null = null;

  @property({ type: Prefab, tooltip: 'sandbox-store-dialog.prefab: the sheet that asks how a sandbox purchase should go' })
  storeDialog: Prefab | null = null;

  /**
   * Where the login token comes from: set it to a call to YOUR game server (docs/integration.md).
   * Unset = no token, which only a sandbox-only app (the `demo` one) accepts.
   */
  loginToken: LoginTokenSource | null = null;

  game: GasStationGame | null = null;
  view: CocosGasStationView | null = null;

  private passTimer: ReturnType<typeof setInterval> | null = null;

  protected override start(): void {
    void this.startGame();
  }

  protected override onDestroy(): void {
    if (this.passTimer) clearInterval(this.passTimer);
    this.passTimer = null;
  }

  /** Binds the screen, starts the SDK with the sample's store dialog, logs the player in. */
  async startGame(): Promise<void> {
    if (!this.ui || !this.storeDialog) throw new Error('CBGasStationSample needs its "Ui" node and "Store Dialog" prefab (gas-station.scene sets both).');
    const dialog = instantiate(this.storeDialog);
    this.ui.addChild(dialog);
    const view = new CocosGasStationView(this.ui, dialog, {
      drive: () => this.game?.drive(),
      buyGas: () => void this.game?.buyGas(),
      upgradeCar: () => void this.game?.upgradeCar(),
      buyPremiumPass: () => void this.game?.buyPremiumPass(),
      refresh: () => void this.game?.refresh(),
    });
    const storage = sys.localStorage as SaveStorage;
    const game = new GasStationGame(new SaveStore(storage), view);
    this.view = view;
    this.game = game;
    try {
      const billingComponent = this.billingComponent ?? this.getComponent(CommonBillingComponent) ?? this.addComponent(CommonBillingComponent);
      if (!billingComponent) throw new Error('No CommonBilling component on this node.');
      billingComponent.consumeModel = 'build-in';
      // The store dialog is used only where the market is the sandbox (editor preview, web).
      const billing = await billingComponent.startBilling(game.listener, { sandboxOutcome: view.storeDialog });
      await game.start(billing, this.userKey || playerId(storage), this.loginToken ?? undefined);
      // The pass renews, fails or expires at the store, not in the game: ask the server now and then.
      this.passTimer = setInterval(() => void game.refreshEntitlements(), PASS_CHECK_SECONDS * 1000);
    } catch (error) {
      view.notify({ kind: 'error', text: `Billing could not start: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
}

function playerId(storage: SaveStorage): string {
  const existing = storage.getItem(PLAYER_KEY);
  if (existing) return existing;
  const id = `driver-${Math.random().toString(36).slice(2, 12)}`;
  storage.setItem(PLAYER_KEY, id);
  return id;
}
