import type { AddressInfo } from 'node:net';
import { sandboxMarket } from '../../../server/src/markets/sandbox';
import type { EngineName } from '../../../server/src/storage/types';
import { startHarness, type Harness } from '../../server/support/harness';
import type { FetchLike } from '../../../assets/common-billing/core/types';

/** The REAL billing server (buildApp, SQLite unless told) listening on 127.0.0.1:0, with the sandbox market on. */
export interface LiveServer {
  harness: Harness;
  url: string;
  appKey: string;
  close(): Promise<void>;
}

export async function startLiveServer(engine: { engine: EngineName; pgUrl?: string } = { engine: 'sqlite' }): Promise<LiveServer> {
  const harness = await startHarness({ ...engine, extraMarkets: [sandboxMarket] });
  await harness.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = harness.app.server.address() as AddressInfo;
  return { harness, url: `http://127.0.0.1:${port}`, appKey: harness.appKey, close: () => harness.close() };
}

/** Node's fetch as the SDK's FetchLike. */
export const nodeFetch: FetchLike = (url, init) => fetch(url, init);

/** A fetch whose network can be cut: while `down`, every call fails like an unreachable host. */
export function switchableFetch(inner: FetchLike = nodeFetch): FetchLike & { down: boolean } {
  const f = (async (url: string, init: Parameters<FetchLike>[1]) => {
    if (f.down) throw new TypeError('fetch failed: connect ECONNREFUSED');
    return inner(url, init);
  }) as FetchLike & { down: boolean };
  f.down = false;
  return f;
}
