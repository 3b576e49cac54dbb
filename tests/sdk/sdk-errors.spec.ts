import { expect } from 'chai';
import { CommonBilling } from '../../assets/common-billing/core/common-billing';
import { MemoryStorage } from '../../assets/common-billing/core/memory-storage';
import type { CommonBillingOptions } from '../../assets/common-billing/core/types';
import { publicMessage } from '../../assets/common-billing/protocol/errors/messages';
import { nodeFetch, startLiveServer, type LiveServer } from './support/billing-server';
import { journalKeys, memoryLogger, sandboxSdk } from './support/sdk-setup';

describe('SDK errors: every misuse gets a catalog code', function () {
  let server: LiveServer;
  before(async () => {
    server = await startLiveServer();
  });
  after(async () => server.close());

  const options = (o: Partial<CommonBillingOptions> = {}): CommonBillingOptions => ({
    serverUrl: server.url, appKey: server.appKey, platform: 'web', storage: new MemoryStorage(), fetch: nodeFetch, logger: memoryLogger(), ...o,
  });

  it('unknown market → UNKNOWN_MARKET; a market of another platform → MARKET_NOT_ON_PLATFORM', async () => {
    expect(await new CommonBilling().initialize('amazon', {}, options()).catch((e: unknown) => e)).to.include({ code: 'UNKNOWN_MARKET' });
    expect(await new CommonBilling().initialize('google-play', {}, options()).catch((e: unknown) => e)).to.include({ code: 'MARKET_NOT_ON_PLATFORM' });
    expect(await new CommonBilling().initialize('app-store', {}, options({ platform: 'android' })).catch((e: unknown) => e)).to.include({ code: 'MARKET_NOT_ON_PLATFORM' });
  });

  it('initialize twice → ALREADY_INITIALIZED; after dispose → DISPOSED', async () => {
    const billing = new CommonBilling();
    await billing.initialize('sandbox', {}, options());
    expect(await billing.initialize('sandbox', {}, options()).catch((e: unknown) => e)).to.include({ code: 'ALREADY_INITIALIZED' });
    await billing.dispose();
    expect(await billing.login('p', server.harness.loginToken('p')).catch((e: unknown) => e)).to.include({ code: 'DISPOSED' });
  });

  it('purchase before initialize / before login → NOT_INITIALIZED / NOT_LOGGED_IN', async () => {
    const billing = new CommonBilling();
    expect(await billing.purchase('gas').catch((e: unknown) => e)).to.include({ code: 'NOT_INITIALIZED' });
    await billing.initialize('sandbox', {}, options());
    expect(await billing.purchase('gas').catch((e: unknown) => e)).to.include({ code: 'NOT_LOGGED_IN' });
  });

  it('unknown product → UNKNOWN_PRODUCT; a second purchase of an open product → PURCHASE_IN_PROGRESS', async () => {
    const { billing } = await sandboxSdk(server, { sandboxOutcome: async () => 'pending' });
    await billing.login('errors-1', server.harness.loginToken('errors-1'));
    expect(await billing.purchase('diamonds').catch((e: unknown) => e)).to.include({ code: 'UNKNOWN_PRODUCT' });
    expect((await billing.purchase('gas')).status).to.equal('pending');
    expect(await billing.purchase('gas').catch((e: unknown) => e)).to.include({ code: 'PURCHASE_IN_PROGRESS' });
  });

  it('a server error carries the server\u2019s public message; an error of the SDK\u2019s own carries its code in words', async () => {
    const { billing } = await sandboxSdk(server, { appKey: 'no-such-app' });
    const fromServer = await billing.login('errors-4', server.harness.loginToken('errors-4')).catch((e: unknown) => e);
    expect(fromServer).to.include({ code: 'APP_KEY_INVALID', message: publicMessage('APP_KEY_INVALID'), hasOwnMessage: true });
    const local = await new CommonBilling().purchase('gas').catch((e: unknown) => e);
    expect(local).to.include({ code: 'NOT_INITIALIZED', message: 'not initialized', hasOwnMessage: false });
  });

  it('a storage that throws → STORAGE_FAILED', async () => {
    const broken = { getItem: async () => { throw new Error('blocked'); }, setItem: async () => undefined, removeItem: async () => undefined };
    expect(await new CommonBilling().initialize('sandbox', {}, options({ storage: broken })).catch((e: unknown) => e)).to.include({ code: 'STORAGE_FAILED' });
  });

  it('a game callback that throws is logged and the purchase still completes', async () => {
    const storage = new MemoryStorage();
    const logger = memoryLogger();
    const billing = new CommonBilling();
    await billing.initialize('sandbox', { onPurchaseVerified: () => { throw new Error('game bug'); } }, options({ storage, logger }));
    await billing.login('errors-2', server.harness.loginToken('errors-2'));
    expect((await billing.purchase('gas')).status).to.equal('verified');
    expect(logger.lines.some((l) => l.includes('onPurchaseVerified threw'))).to.equal(true);
    expect(journalKeys(storage)).to.have.length(1);
  });

  it('an encrypted market key with no data key from the server: the on-device pre-check is skipped, login goes on', async () => {
    const billing = new CommonBilling();
    await billing.initialize('sandbox', {}, options({ encryptedMarketKey: 'cbk1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }));
    // The test app has no data key registered; the server stays the authority (DESIGN.md §6).
    expect((await billing.login('errors-3', server.harness.loginToken('errors-3'))).products.length).to.be.greaterThan(0);
  });
});
