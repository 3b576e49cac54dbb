import { CommonBilling } from '../../../assets/common-billing/core/common-billing';
import { MemoryStorage } from '../../../assets/common-billing/core/memory-storage';
import type { CommonBillingOptions, FetchLike, Logger } from '../../../assets/common-billing/core/types';
import type { LiveServer } from './billing-server';
import { nodeFetch } from './billing-server';
import { RecordingListener } from './recording-listener';

/** Logs go to an array so a spec can assert on them (and the test output stays clean). */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, log: (level, message) => lines.push(`${level} ${message}`) };
}

export interface SandboxSdk {
  billing: CommonBilling;
  listener: RecordingListener;
  storage: MemoryStorage;
  logger: ReturnType<typeof memoryLogger>;
}

/** A fresh SDK on the sandbox market of a live server (storage may be shared to model a restart). */
export async function sandboxSdk<L extends RecordingListener = RecordingListener>(
  server: LiveServer,
  overrides: Partial<CommonBillingOptions> & { storage?: MemoryStorage; fetch?: FetchLike } = {},
  listener: L = new RecordingListener() as L,
): Promise<SandboxSdk & { listener: L }> {
  const billing = new CommonBilling();
  const storage = overrides.storage ?? new MemoryStorage();
  const logger = memoryLogger();
  await billing.initialize('sandbox', listener, {
    serverUrl: server.url,
    appKey: server.appKey,
    platform: 'web',
    fetch: nodeFetch,
    logger,
    ...overrides,
    storage,
  });
  return { billing, listener, storage, logger };
}

/** Journal entries left in a MemoryStorage (the index document lists them). */
export function journalKeys(storage: MemoryStorage): string[] {
  const index = [...storage.data.entries()].find(([k]) => k.endsWith('/index'));
  return index ? (JSON.parse(index[1]) as { keys: string[] }).keys : [];
}
