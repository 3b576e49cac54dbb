/**
 * `native.jsbBridgeWrapper` with the real bridge's behaviour (COCOS.md §3):
 * - script → native arguments must be strings (an object fails with "Converting arg1 failed!");
 * - native → script, an empty argument arrives as `undefined`;
 * - an event with no script listener logs `<event> does not exist`;
 * - engine 3.8.0–3.8.4: adding a 2nd listener to one event runs `arr.find(listener)`, i.e. calls
 *   the existing listeners as a find predicate (with a function argument);
 * - ordering: Android delivers native → script on a later frame, iOS may call back
 *   synchronously inside `dispatchEventToNative`.
 */
export type OnNativeEventListener = (arg: string) => void;
export type Ordering = 'android-deferred' | 'ios-sync';

export class JsbBridgeWrapperDouble {
  private readonly listeners = new Map<string, OnNativeEventListener[]>();
  /** What script sent to native, in order. */
  readonly sent: { event: string; arg: string | undefined }[] = [];
  readonly errors: string[] = [];
  ordering: Ordering = 'android-deferred';
  /** Reproduce the 3.8.0–3.8.4 `find`-as-predicate bug (default: on, like 3.8.4). */
  findBug = true;
  /** The native side: gets every script → native message (a mock bridge or transcript replayer). */
  nativeSide: ((event: string, arg: string | undefined) => void) | null = null;

  addNativeEventListener(event: string, listener: OnNativeEventListener): void {
    const arr = this.listeners.get(event) ?? [];
    const present = this.findBug ? arr.find(listener as unknown as (l: OnNativeEventListener) => boolean) : arr.includes(listener);
    if (!present) arr.push(listener);
    this.listeners.set(event, arr);
  }

  removeNativeEventListener(event: string, listener: OnNativeEventListener): void {
    const arr = this.listeners.get(event);
    if (arr) this.listeners.set(event, arr.filter((l) => l !== listener));
  }

  removeAllListenersForEvent(event: string): void {
    this.listeners.delete(event);
  }

  removeAllListeners(): void {
    this.listeners.clear();
  }

  listenerCount(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }

  dispatchEventToNative(event: string, arg?: string): void {
    if (typeof event !== 'string') throw new Error('Converting arg0 failed!');
    if (arg !== undefined && arg !== null && typeof arg !== 'string') {
      if (typeof arg === 'number') arg = String(arg);
      else throw new Error('Converting arg1 failed!');
    }
    const value = arg ?? '';
    this.sent.push({ event, arg: value });
    this.nativeSide?.(event, value === '' ? undefined : value);
  }

  /** Native → script, with the platform's ordering. */
  emitFromNative(event: string, arg?: string): void {
    const deliver = () => this.trigger(event, arg === '' ? undefined : arg);
    if (this.ordering === 'ios-sync') deliver();
    else setTimeout(deliver, 0);
  }

  private trigger(event: string, arg: string | undefined): void {
    const arr = this.listeners.get(event);
    if (!arr || arr.length === 0) {
      const message = `${event} does not exist`;
      this.errors.push(message);
      console.error(message);
      return;
    }
    for (const listener of [...arr]) listener(arg as string);
  }
}
