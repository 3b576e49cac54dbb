import { BRIDGE_EVENT_EVENT, BRIDGE_REQUEST_EVENT, BRIDGE_RESPONSE_EVENT, type BridgeTransport } from './bridge-transport';
import type { BridgeEvent, BridgeMethod, BridgeParams, BridgeResult } from '../protocol/bridge';
import { BillingError, isErrorCode } from '../protocol/error-codes';
import { asBridgeEvent, asBridgeResponse, hasValidPurchases, parseJsonObject } from './bridge-messages';
import type { SafeLogger } from './logger';
import type { MarketBridge } from './market-bridge';

interface Pending {
  method: BridgeMethod;
  resolve(result: unknown): void;
  reject(error: BillingError): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Request/response over the native string transport (DESIGN.md §5). Request ids are decimal
 * strings counting from "1" per instance. A pending entry is registered before dispatching,
 * because iOS may answer synchronously inside `dispatchToNative`. Malformed messages are
 * logged and ignored.
 */
export class BridgeClient implements MarketBridge {
  private nextId = 1;
  private readonly pending = new Map<string, Pending>();
  private readonly listeners = new Set<(event: BridgeEvent) => void>();
  private closed = false;
  private readonly onResponse = (arg: string | undefined): void => this.handleResponse(arg);
  private readonly onNativeEvent = (arg: string | undefined): void => this.handleEvent(arg);

  constructor(
    private readonly transport: BridgeTransport,
    private readonly log: SafeLogger,
    private readonly timeoutMs: number,
  ) {
    transport.addListener(BRIDGE_RESPONSE_EVENT, this.onResponse);
    transport.addListener(BRIDGE_EVENT_EVENT, this.onNativeEvent);
  }

  call<M extends BridgeMethod>(method: M, params: BridgeParams<M>): Promise<BridgeResult<M>> {
    if (this.closed) return Promise.reject(new BillingError('DISPOSED'));
    const id = String(this.nextId++);
    return new Promise<BridgeResult<M>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new BillingError('BRIDGE_TIMEOUT', `Native ${method} timed out.`));
      }, this.timeoutMs);
      this.pending.set(id, { method, resolve: resolve as (r: unknown) => void, reject, timer });
      try {
        this.transport.dispatchToNative(BRIDGE_REQUEST_EVENT, JSON.stringify({ id, method, params }));
      } catch (cause) {
        this.settle(id)?.reject(new BillingError('STORE_NOT_READY', 'The native bridge refused the call.', { cause }));
      }
    });
  }

  onEvent(listener: (event: BridgeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.transport.removeListener(BRIDGE_RESPONSE_EVENT, this.onResponse);
    this.transport.removeListener(BRIDGE_EVENT_EVENT, this.onNativeEvent);
    for (const id of [...this.pending.keys()]) this.settle(id)?.reject(new BillingError('DISPOSED'));
    this.listeners.clear();
  }

  private handleResponse(arg: string | undefined): void {
    const message = parseJsonObject(arg);
    const response = message && asBridgeResponse(message);
    if (!response) return this.malformed('response', arg);
    const pending = this.pending.get(response.id);
    if (!pending) {
      this.log.warn('native answer to an unknown id ignored', { id: response.id });
      return;
    }
    if (response.ok && !hasValidPurchases(response.result as Record<string, unknown>)) return this.malformed('response', arg);
    this.settle(response.id);
    if (response.ok) pending.resolve(response.result);
    else pending.reject(toBillingError(response.error));
  }

  private handleEvent(arg: string | undefined): void {
    const message = parseJsonObject(arg);
    const event = message && asBridgeEvent(message);
    if (!event) return this.malformed('event', arg);
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.log.error('bridge event handler failed', { error: String(error) });
      }
    }
  }

  private settle(id: string): Pending | undefined {
    const pending = this.pending.get(id);
    if (pending) {
      clearTimeout(pending.timer);
      this.pending.delete(id);
    }
    return pending;
  }

  private malformed(kind: string, arg: string | undefined): void {
    const error = new BillingError('BRIDGE_MESSAGE_INVALID');
    this.log.warn(`malformed native ${kind} ignored`, { code: error.code, length: arg?.length ?? 0 });
  }
}

/** Native errors carry catalog codes; anything else is a generic, retryable STORE_ERROR. */
export function toBillingError(error: { code: string; message: string; retryable?: boolean; nativeCode?: number | string }): BillingError {
  const details = error.nativeCode !== undefined ? { nativeCode: error.nativeCode } : undefined;
  if (isErrorCode(error.code)) return new BillingError(error.code, error.message, { retryable: error.retryable, details });
  return new BillingError('STORE_ERROR', error.message, { retryable: error.retryable, details: { ...details, nativeErrorCode: error.code } });
}
