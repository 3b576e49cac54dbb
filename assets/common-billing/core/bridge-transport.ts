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

/**
 * The bridge event names. Same values as `protocol/bridge.ts` (a spec holds them equal);
 * repeated here because that module builds TypeBox schemas at load time and TypeBox must
 * never be bundled into the SDK.
 */
export const BRIDGE_REQUEST_EVENT = 'commonbilling:request';
export const BRIDGE_RESPONSE_EVENT = 'commonbilling:response';
export const BRIDGE_EVENT_EVENT = 'commonbilling:event';
