// `@cocos/creator-types` does not declare 'cc/env'; these are the build constants we read
// (engine cc.config.json). The editor and the builder replace them at compile time.
declare module 'cc/env' {
  export const NATIVE: boolean;
  export const ANDROID: boolean;
  export const IOS: boolean;
  export const OHOS: boolean;
  export const HTML5: boolean;
  export const EDITOR: boolean;
  export const PREVIEW: boolean;
  export const BUILD: boolean;
  export const DEBUG: boolean;
  export const DEV: boolean;
  export const MINIGAME: boolean;
  export const JSB: boolean;
}
