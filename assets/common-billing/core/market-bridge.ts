import type { BridgeEvent, BridgeMethod, BridgeParams, BridgeResult } from '../protocol/bridge';

/**
 * The typed bridge a market adapter talks to (STYLE.md rule 2). On device it is the JSB
 * bridge client; on web, in the editor and in tests of the sandbox market it is the sandbox
 * store bridge (HTTP). Adapters never look for globals: they get one of these.
 */
export interface MarketBridge {
  call<M extends BridgeMethod>(method: M, params: BridgeParams<M>): Promise<BridgeResult<M>>;
  /** Store-initiated updates (`purchasesUpdated`). Returns the unsubscribe function. */
  onEvent(listener: (event: BridgeEvent) => void): () => void;
  close(): void;
}
