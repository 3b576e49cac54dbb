import type { TargetApp } from './target-app';

/** What the scenarios use of tests/simulators/app-store.ts (kept structural: the server's type-check does not include the test PKI's WebCrypto types). */
export interface AppStoreSimulator {
  purchase(input: { productId: string; appAccountToken?: string; environment?: 'Sandbox' | 'Production' }): { signedTransaction: string; transactionId: string };
  refund(transactionId: string): void;
  notification(type: 'REFUND' | 'TEST' | 'ONE_TIME_CHARGE', transactionId?: string): { signedPayload: string };
  marketConfig(extra: { serverApi?: boolean }): Record<string, unknown>;
  /** Scripted auto-renewable subscriptions (tests/simulators/app-store-subscriptions.ts). */
  subscriptions: {
    subscribe(input: { productId: string; periodMs: number; appAccountToken?: string }): { signedTransaction: string; originalTransactionId: string };
    renew(originalTransactionId: string): { signedPayload: string };
    expire(originalTransactionId: string): { signedPayload: string };
  };
  close(): Promise<void>;
}

/** What the scenarios use of tests/simulators/google-play.ts. */
export interface GooglePlaySimulator {
  purchase(input: { productId: string; obfuscatedAccountId?: string; obfuscatedProfileId?: string }): { originalJson: string; signature: string; purchaseToken: string };
  oneTimeNotification(purchaseToken: string, notificationType: 1 | 2): unknown;
  voidedNotification(purchaseToken: string, refundType?: 1 | 2): unknown;
  marketConfig(extra: { online?: boolean }): Record<string, unknown>;
  close(): Promise<void>;
}

interface GooglePlayModule {
  startGooglePlaySimulator(options: { packageName: string }): Promise<GooglePlaySimulator>;
}

interface AppStoreModule {
  startAppStoreSimulator(options: { bundleId: string; environment: 'Production' | 'Sandbox' }): Promise<AppStoreSimulator>;
}

/** Resolved at run time. */
const APP_STORE_SIMULATOR = '../../../tests/simulators/app-store';
const GOOGLE_PLAY_SIMULATOR = '../../../tests/simulators/google-play';


/**
 * The bundled store simulators (tests/simulators), started inside the command on first use:
 * they sign like the stores (test PKI, test keys) and the temporary app is configured to trust
 * them. A simulator's own API is on 127.0.0.1; scenarios that need the target to call it
 * require --simulator-host. Loaded lazily: they need the dev dependencies (@peculiar/x509).
 */
export class StoreSimulators {
  private apple?: Promise<AppStoreSimulator>;
  private google?: Promise<GooglePlaySimulator>;
  private readonly closers: Array<() => Promise<void>> = [];

  constructor(private readonly app: TargetApp) {}

  /** An App Store (Production environment, like a shipped app) the temporary app trusts. */
  appStore(): Promise<AppStoreSimulator> {
    this.apple ??= (async () => {
      // Through tsx's require hook (the CLI and mocha both install it): the server's type-check
      // does not compile the simulators, and a variable import() would bypass the hook.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { startAppStoreSimulator } = require(APP_STORE_SIMULATOR) as AppStoreModule;
      const sim = await startAppStoreSimulator({ bundleId: this.app.packageName, environment: 'Production' });
      this.closers.push(() => sim.close());
      await this.app.enableMarket('app-store', sim.marketConfig({ serverApi: false }));
      return sim;
    })();
    return this.apple;
  }

  /**
   * A Google Play the temporary app trusts, offline (licence key only: the target never calls
   * its Developer API, so no --simulator-host is needed).
   */
  googlePlay(): Promise<GooglePlaySimulator> {
    this.google ??= (async () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { startGooglePlaySimulator } = require(GOOGLE_PLAY_SIMULATOR) as GooglePlayModule;
      const sim = await startGooglePlaySimulator({ packageName: this.app.packageName });
      this.closers.push(() => sim.close());
      await this.app.enableMarket('google-play', sim.marketConfig({ online: false }));
      return sim;
    })();
    return this.google;
  }

  async close(): Promise<void> {
    for (const close of this.closers.splice(0)) await close().catch(() => undefined);
  }
}
