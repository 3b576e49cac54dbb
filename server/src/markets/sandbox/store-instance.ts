import type { BillingContext } from '../../domain/context';
import { deliverToCore } from './core-delivery';
import { SandboxStore } from './store';

const stores = new WeakMap<BillingContext, SandboxStore>();

/** The one sandbox store of a server (its routes and its renewal job share it). */
export function sandboxStoreOf(billing: BillingContext): SandboxStore {
  let store = stores.get(billing);
  if (!store) stores.set(billing, (store = new SandboxStore(billing, deliverToCore(billing))));
  return store;
}
