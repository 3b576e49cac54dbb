import { CommonBilling } from '../../assets/common-billing/core/common-billing';
import type { FetchLike, KeyValueStorage } from '../../assets/common-billing/core/types';
import { GasStationGame } from '../../assets/samples/gas-station/gas-station-game';
import { SaveStore } from '../../assets/samples/gas-station/save-store';
import { DomView } from './dom-view';
import { PassDesk } from './pass-desk';
import { SandboxDesk } from './sandbox-desk';
import { createStoreDialog } from './store-dialog';

/**
 * The web edition of Gas Station: the same rules and purchase handling as the Cocos sample,
 * the SDK core with the sandbox market, against the billing server that serves this page.
 * The SDK journal, the save and the player id live in localStorage, so closing the tab in the
 * middle of a purchase and reopening it is exactly the crash the SDK recovers from.
 */
const PLAYER_KEY = 'gas-station.player';
/** How often the page asks the server about the pass (the sandbox store's month is a minute long). */
const WATCH_MS = 1_000;
const JOURNAL_PREFIX = 'gas-station.billing.';

function webStorage(store: Storage): KeyValueStorage {
  return {
    getItem: async (key) => store.getItem(JOURNAL_PREFIX + key),
    setItem: async (key, value) => store.setItem(JOURNAL_PREFIX + key, value),
    removeItem: async (key) => store.removeItem(JOURNAL_PREFIX + key),
  };
}

function playerId(store: Storage): string {
  let id = store.getItem(PLAYER_KEY);
  if (!id) {
    id = `driver-${crypto.getRandomValues(new Uint32Array(2)).join('').slice(0, 12)}`;
    store.setItem(PLAYER_KEY, id);
  }
  return id;
}

async function main(): Promise<void> {
  const serverUrl = window.location.origin;
  const fetchLike: FetchLike = (url, init) => window.fetch(url, init);
  let desk: SandboxDesk | null = null;
  const view = new DomView(document, {
    resolve: (pending, outcome) => {
      if (!desk) return;
      view.notify({ kind: 'info', text: outcome === 'approve' ? 'The store reports the payment cleared…' : 'The store reports the payment was declined…' });
      desk.settle(pending.purchaseId, pending.productId, outcome)
        .then(() => game.refresh())
        .catch((error: unknown) => view.notify({ kind: 'error', text: `The store could not settle the payment: ${String(error)}` }));
    },
  });
  const game = new GasStationGame(new SaveStore(window.localStorage), view);

  view.notify({ kind: 'info', text: 'Welcome! DRIVE burns gas. BUY GAS, UPGRADE MY CAR and the PREMIUM PASS (double gas, a subscription) are real purchases on the sandbox store: try Pay, Pay later, Cancel, or close the tab halfway.' });
  const userKey = playerId(window.localStorage);
  (document.querySelector('[data-testid="player"]') as HTMLElement).textContent = userKey;
  document.querySelector('[data-testid="drive"]')?.addEventListener('click', () => game.drive());
  document.querySelector('[data-testid="buy-gas"]')?.addEventListener('click', () => void game.buyGas());
  document.querySelector('[data-testid="upgrade-car"]')?.addEventListener('click', () => void game.upgradeCar());
  document.querySelector('[data-testid="buy-premium"]')?.addEventListener('click', () => void game.buyPremiumPass());

  const config = (await (await window.fetch('config.json')).json()) as { appKey: string | null };
  if (!config.appKey) {
    view.notify({ kind: 'error', text: 'This server has no demo app. Start it with `npm start` (common-billing demo).' });
    return;
  }
  desk = new SandboxDesk(serverUrl, config.appKey, userKey, window.fetch.bind(window));
  const storeDesk = desk;
  const passDesk = new PassDesk(document, desk, (n) => view.notify(n), () => void game.refreshEntitlements());
  for (const productId of ['car_upgrade', 'gas']) {
    document.querySelector(`[data-testid="desk-refund-${productId}"]`)?.addEventListener('click', () => {
      storeDesk.refundLatest(productId)
        .then(() => {
          view.notify({ kind: 'info', text: `Store desk: the ${productId === 'gas' ? 'last gas' : 'car upgrade'} purchase was refunded.` });
          return game.refreshEntitlements();
        })
        .catch((error: unknown) => view.notify({ kind: 'error', text: `The store could not refund: ${String(error)}` }));
    });
  }
  const billing = new CommonBilling();
  await billing.initialize('sandbox', game.listener, {
    serverUrl,
    appKey: config.appKey,
    platform: 'web',
    storage: webStorage(window.localStorage),
    fetch: fetchLike,
    consumeModel: 'build-in',
    sandboxOutcome: createStoreDialog(document),
  });
  await game.start(billing, userKey);
  // The pass changes on the store's clock: watch the server's answer (and the store's record).
  let watching = false;
  const watch = async () => {
    if (watching) return;
    watching = true;
    try {
      await Promise.all([game.refreshEntitlements(), passDesk.refresh().catch(() => undefined)]);
    } finally {
      watching = false;
    }
  };
  await watch();
  window.setInterval(() => void watch(), WATCH_MS);
  // The sandbox market's "manage subscription" link (`/demo/?manage=<product>`) opens at the store desk.
  if (new URLSearchParams(window.location.search).has('manage')) document.getElementById('manage')?.scrollIntoView();
}

void main();
