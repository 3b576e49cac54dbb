import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sandboxMarket } from '../../../server/src/markets/sandbox';
import { ADMIN_TOKEN, startHarness, type Harness } from '../../server/support/harness';

/**
 * The REAL billing server (server/src/app.ts on SQLite, through the server suite's harness)
 * listening on 127.0.0.1: app `gas-station` with the sandbox market enabled and the products
 * `gas` and `car_upgrade`; the admin API answers to ADMIN_TOKEN.
 */
export interface LiveBillingServer {
  harness: Harness;
  url: string;
  appKey: string;
  adminToken: string;
  close(): Promise<void>;
}

export async function startLiveBillingServer(): Promise<LiveBillingServer> {
  const harness = await startHarness({ engine: 'sqlite', extraMarkets: [sandboxMarket] });
  await harness.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = harness.app.server.address() as AddressInfo;
  return { harness, url: `http://127.0.0.1:${port}`, appKey: harness.appKey, adminToken: ADMIN_TOKEN, close: () => harness.close() };
}

/** The data key the server hands to the SDK at login (DESIGN.md §2, §6). */
export async function dataKeyFromLogin(server: LiveBillingServer): Promise<string | null> {
  return (await server.harness.login('player-1', {}, 'sandbox')).marketKey;
}

/** A port that was free a moment ago and now has nobody listening: an unreachable server. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
