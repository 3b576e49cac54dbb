/** The SDK's public entry: `new CommonBilling()`, its types, and the helpers a host wires in. */
export { CommonBilling } from './common-billing';
export { MemoryStorage } from './memory-storage';
export { BillingError, isBillingError } from '../protocol/error-codes';
export type { ErrorCode } from '../protocol/error-codes';
export type { BridgeTransport, NativeEventListener } from './bridge-transport';
export type * from './types';
export { MARKETS, findMarket } from '../markets/registry';
