import type { BuildPlugin } from '@cocos/creator-types/editor/packages/builder/@types/public';

/**
 * The builder contribution (COCOS.md §2). Loaded by both the main process and the renderer,
 * so it holds data only. The Android build gets an option choosing the store; google-play
 * always means Google Play; iOS means the App Store.
 */
const hooks = './hooks';

export const configs: BuildPlugin.Configs = {
  android: {
    hooks,
    options: {
      market: {
        label: 'i18n:common-billing.build.market',
        description: 'i18n:common-billing.build.marketHelp',
        default: 'google-play',
        render: {
          ui: 'ui-select',
          items: [
            { label: 'Google Play', value: 'google-play' },
            { label: 'ONE store', value: 'one-store' },
          ],
        },
      },
    },
  },
  'google-play': { hooks },
  ios: { hooks },
};
