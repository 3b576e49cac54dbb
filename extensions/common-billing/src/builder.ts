import type { BuildPlugin } from '@cocos/creator-types/editor/packages/builder/@types/public';
import { androidMarketIds, dedicatedPlatforms, extensionMarket } from './native/markets/registry';

/**
 * The builder contribution (COCOS.md §2). Loaded by both the main process and the renderer,
 * so it holds data only (the market registry is data). The Android build gets an option
 * choosing the store; a market's own platform (Cocos' google-play) always means that market;
 * iOS means the App Store.
 */
const hooks = './hooks';
const androidMarkets = androidMarketIds();

export const configs: BuildPlugin.Configs = {
  android: {
    hooks,
    options: {
      market: {
        label: 'i18n:common-billing.build.market',
        description: 'i18n:common-billing.build.marketHelp',
        default: androidMarkets[0],
        render: {
          ui: 'ui-select',
          items: androidMarkets.map((id) => ({ label: extensionMarket(id)?.label ?? id, value: id })),
        },
      },
    },
  },
  ...Object.fromEntries(dedicatedPlatforms().map((d) => [d.platform, { hooks }])),
  ios: { hooks },
};
