import { native, sys } from 'cc';
import type { BridgeTransport, NativeEventListener } from '../core/bridge-transport';

type Wrapper = NonNullable<typeof native.jsbBridgeWrapper>;

/**
 * The native string channel over `native.jsbBridgeWrapper` (COCOS.md §3). Never touches
 * `native.bridge.onNative` (the wrapper owns it). Registers exactly ONE wrapper listener per
 * event name and fans out here: engines 3.8.0–3.8.4 call existing listeners as a `find`
 * predicate when a second one is added to the same event.
 */
export class JsbTransport implements BridgeTransport {
  private readonly fanouts = new Map<string, { wrapperListener: (arg: string) => void; listeners: Set<NativeEventListener> }>();

  constructor(private readonly wrapper: Wrapper) {}

  /**
   * The device's wrapper, or null off native (web, editor preview) and on platforms without it.
   * Also starts the native side once through reflection, so the game's AppActivity /
   * AppDelegate need no edits; both native entry points are idempotent.
   */
  static fromEngine(): JsbTransport | null {
    const wrapper = native?.jsbBridgeWrapper;
    if (!wrapper) return null;
    registerNativeBridge();
    return new JsbTransport(wrapper);
  }

  dispatchToNative(event: string, arg: string): void {
    if (typeof arg !== 'string') throw new TypeError('The native bridge carries JSON strings only.');
    this.wrapper.dispatchEventToNative(event, arg);
  }

  addListener(event: string, listener: NativeEventListener): void {
    let fanout = this.fanouts.get(event);
    if (!fanout) {
      const listeners = new Set<NativeEventListener>();
      // An empty argument arrives as undefined from native code.
      const wrapperListener = (arg: string) => {
        for (const l of [...listeners]) l(typeof arg === 'string' ? arg : undefined);
      };
      fanout = { wrapperListener, listeners };
      this.fanouts.set(event, fanout);
      this.wrapper.addNativeEventListener(event, wrapperListener);
    }
    fanout.listeners.add(listener);
  }

  removeListener(event: string, listener: NativeEventListener): void {
    const fanout = this.fanouts.get(event);
    if (!fanout) return;
    fanout.listeners.delete(listener);
    if (fanout.listeners.size === 0) {
      this.wrapper.removeNativeEventListener(event, fanout.wrapperListener);
      this.fanouts.delete(event);
    }
  }
}

/** Native entry points (native/android CommonBillingBridge.register, native/ios CBBridge +registerBridge). */
export const ANDROID_BRIDGE_CLASS = 'com/commonbilling/bridge/CommonBillingBridge';
export const IOS_BRIDGE_CLASS = 'CBBridge';

/**
 * The Android market the build was wired for (the editor's build option; the Java bridge answers
 * `CommonBillingBridge.builtMarket()`), or null off Android or when the build has no store wired.
 */
export function builtAndroidMarket(): string | null {
  const reflection = native.reflection;
  if (!reflection || sys.os !== sys.OS.ANDROID) return null;
  const market: unknown = reflection.callStaticMethod(ANDROID_BRIDGE_CLASS, 'builtMarket', '()Ljava/lang/String;');
  return typeof market === 'string' && market !== '' ? market : null;
}

function registerNativeBridge(): void {
  const reflection = native.reflection;
  if (!reflection) return;
  if (sys.os === sys.OS.ANDROID) reflection.callStaticMethod(ANDROID_BRIDGE_CLASS, 'register', '()V');
  // Objective-C reflection takes no JNI signature: the 3rd argument would be read as a parameter.
  else if (sys.os === sys.OS.IOS) (reflection.callStaticMethod as (className: string, method: string) => unknown)(IOS_BRIDGE_CLASS, 'registerBridge');
}
