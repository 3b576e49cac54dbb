/**
 * The raw string channel to native code (COCOS.md §3): on device it is
 * `native.jsbBridgeWrapper`; in tests a mock that replays transcripts. Arguments are JSON
 * strings only; an empty argument may arrive as `undefined`.
 */
export type NativeEventListener = (arg: string | undefined) => void;

export interface BridgeTransport {
  dispatchToNative(event: string, arg: string): void;
  /** Exactly one listener per event name is registered by the SDK (3.8.0–3.8.4 wrapper bug). */
  addListener(event: string, listener: NativeEventListener): void;
  removeListener(event: string, listener: NativeEventListener): void;
}
