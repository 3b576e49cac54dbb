/**
 * What the extension knows about one market: the panel's entry and, for an Android store, how a
 * build is wired for it (COCOS.md §2, STORES.md §3.1). One file per market in this folder and one
 * line in registry.ts; nothing else in the extension names a market.
 */
export interface ExtensionMarket {
  /** The protocol's market id (protocol/common.ts), as the SDK and the server call it. */
  readonly id: string;
  readonly label: string;
  /**
   * The market signs purchases with an RSA key that the SDK pre-checks on the device
   * (DESIGN.md §6); App Store and sandbox purchases carry their own proof instead.
   */
  readonly usesPublicKey: boolean;
  /** Present for a store an Android build is wired for (the build option chooses one). */
  readonly android?: AndroidWiring;
  /**
   * Android builds on which a scene's component may name this market although the build option
   * names another: 'any', or the Android markets it buys through (a legacy Naver build buys
   * through ONE store).
   */
  readonly componentOnAndroid?: 'any' | readonly string[];
  /** The Cocos build platform that always means this market (Cocos' `google-play` platform). */
  readonly cocosPlatform?: string;
}

export interface AndroidWiring {
  /** Gradle `implementation` coordinate of the store SDK. */
  readonly dependency: string;
  /** A maven repository the root build.gradle must list (the template already has google()). */
  readonly mavenRepository?: string;
  /** AndroidManifest.xml `<queries>` lines so the SDK can find the store's service. */
  readonly manifestQueries?: readonly string[];
  /** Bridge sources of this store (by path and name); other stores' files stay out of the build. */
  readonly bridgePathPattern: RegExp;
  /** Packages of the store SDK itself: never copied from the bridge (a copy would shadow it). */
  readonly sdkPackages: readonly string[];
}
