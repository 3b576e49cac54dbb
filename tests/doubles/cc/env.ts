// The 'cc/env' build constants as a web preview build sees them. Components under test
// decide by `sys` (which the double lets a test switch), not by these.
export const NATIVE = false;
export const ANDROID = false;
export const IOS = false;
export const OHOS = false;
export const HTML5 = true;
export const EDITOR = false;
export const PREVIEW = true;
export const BUILD = false;
export const DEBUG = true;
export const DEV = true;
export const MINIGAME = false;
export const JSB = false;
