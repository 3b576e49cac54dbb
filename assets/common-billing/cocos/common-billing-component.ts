import { _decorator, Component } from 'cc';
import { CommonBilling } from '../core/common-billing';
import type { CommonBillingListener, CommonBillingOptions, FetchLike, Platform } from '../core/types';
import { DEFAULT_IOS_MARKET, DEFAULT_WEB_MARKET } from '../markets/registry';
import { BillingError } from '../protocol/error-codes';
import { builtAndroidMarket, JsbTransport } from './jsb-transport';
import { CocosLocalStorage } from './local-storage';
import { currentPlatform } from './platform';

const { ccclass, property } = _decorator;

/**
 * Drop-in component: put it on a node, fill the inspector, then from game code:
 * `await node.getComponent(CommonBillingComponent).startBilling(listener)` and `login(userKey, loginToken)` (the token from your game server).
 * It picks the market for the running platform, the JSB transport on device, the sandbox
 * store on web and in the editor preview, and `sys.localStorage` for the journal.
 */
@ccclass('CBCommonBilling')
export class CommonBillingComponent extends Component {
  /**
   * Empty (the default): the market of the Android build option (Build → Common Billing → market),
   * the one source of the Android market. Set only for `naver` (a legacy Naver build, which buys
   * through ONE store) or `sandbox`; a value that contradicts the build option fails the build.
   */
  @property({ tooltip: 'Leave empty: the Android market is the build option (Build panel, Common Billing). Only naver (legacy Naver build on a one-store build) or sandbox may be set here; a contradicting value fails the build.' })
  androidMarket = '';

  @property({ tooltip: 'Market on iOS builds: app-store or sandbox' })
  iosMarket = DEFAULT_IOS_MARKET;

  @property({ tooltip: 'Market on the web and in the editor preview' })
  webMarket = DEFAULT_WEB_MARKET;

  @property({ tooltip: 'Billing server base URL' })
  serverUrl = '';

  @property({ tooltip: 'App key issued by the billing server' })
  appKey = '';

  @property({ tooltip: 'Encrypted market public keys as JSON {"google-play":"cbk1…"} (written by the Common Billing panel)', multiline: true })
  encryptedMarketKeys = '{}';

  @property({ tooltip: 'server: your game server consumes; build-in: the SDK consumes' })
  consumeModel: 'server' | 'build-in' = 'server';

  /** The SDK instance, once startBilling() ran. */
  billing: CommonBilling | null = null;

  marketFor(platform: Platform): string {
    if (platform === 'android') {
      if (this.androidMarket) return this.androidMarket;
      const built = builtAndroidMarket();
      if (!built) throw new BillingError('UNKNOWN_MARKET', 'This Android build has no Common Billing store wired in: build it with the Common Billing extension enabled.');
      return built;
    }
    if (platform === 'ios') return this.iosMarket;
    return this.webMarket;
  }

  /** Initializes the SDK for this platform. `overrides` may inject a sandbox dialog, a logger… */
  async startBilling(listener: CommonBillingListener, overrides: Partial<CommonBillingOptions> = {}): Promise<CommonBilling> {
    const platform = currentPlatform();
    const market = this.marketFor(platform);
    const billing = new CommonBilling();
    const transport = JsbTransport.fromEngine() ?? undefined;
    await billing.initialize(market, listener, {
      serverUrl: this.serverUrl,
      appKey: this.appKey,
      platform,
      storage: new CocosLocalStorage(),
      fetch: defaultFetch(),
      transport,
      encryptedMarketKey: this.encryptedKeyFor(market),
      consumeModel: this.consumeModel,
      ...overrides,
    });
    this.billing = billing;
    return billing;
  }

  protected override onDestroy(): void {
    void this.billing?.dispose();
    this.billing = null;
  }

  private encryptedKeyFor(market: string): string | undefined {
    try {
      const keys = JSON.parse(this.encryptedMarketKeys || '{}') as Record<string, unknown>;
      const key = keys[market];
      return typeof key === 'string' && key !== '' ? key : undefined;
    } catch {
      return undefined;
    }
  }
}

/** The engine's fetch (the jsb-adapter provides one on native). */
function defaultFetch(): FetchLike {
  return (url, init) => fetch(url, init);
}
