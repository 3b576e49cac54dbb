import { expect } from 'chai';
import { sys } from 'cc';
import { BridgeClient } from '../../assets/common-billing/core/bridge-client';
import { Journal } from '../../assets/common-billing/core/journal';
import { SafeLogger } from '../../assets/common-billing/core/logger';
import { CommonBillingComponent } from '../../assets/common-billing/cocos/common-billing-component';
import { JsbTransport } from '../../assets/common-billing/cocos/jsb-transport';
import { CocosLocalStorage } from '../../assets/common-billing/cocos/local-storage';
import { currentPlatform } from '../../assets/common-billing/cocos/platform';
import { __setPlatform, JsbBridgeWrapperDouble, native } from '../doubles/cc';
import { nodeFetch, startLiveServer } from './support/billing-server';
import { memoryLogger } from './support/sdk-setup';

describe('Cocos layer over the cc double', () => {
  afterEach(() => __setPlatform('web'));

  it('maps sys to our platform names', () => {
    for (const p of ['android', 'ios', 'web', 'editor'] as const) {
      __setPlatform(p);
      expect(currentPlatform()).to.equal(p);
    }
  });

  it('registers ONE wrapper listener per event (3.8.0–3.8.4 find bug) and fans out inside', () => {
    const wrapper = new JsbBridgeWrapperDouble();
    const transport = new JsbTransport(wrapper as never);
    const got: (string | undefined)[] = [];
    transport.addListener('commonbilling:event', (a) => got.push(`a:${a}`));
    transport.addListener('commonbilling:event', (a) => got.push(`b:${a}`));
    expect(wrapper.listenerCount('commonbilling:event')).to.equal(1);
    expect(got, 'no listener was called as a find predicate').to.deep.equal([]);
    wrapper.ordering = 'ios-sync';
    wrapper.emitFromNative('commonbilling:event', 'x');
    expect(got).to.deep.equal(['a:x', 'b:x']);
  });

  it('the double reproduces the bridge: non-string args throw, "" arrives as undefined, unknown events log', () => {
    const wrapper = new JsbBridgeWrapperDouble();
    expect(() => wrapper.dispatchEventToNative('e', { a: 1 } as never)).to.throw('Converting arg1 failed!');
    const got: unknown[] = [];
    wrapper.ordering = 'ios-sync';
    wrapper.addNativeEventListener('e', (a) => got.push(a));
    wrapper.emitFromNative('e', '');
    wrapper.emitFromNative('nobody', 'x');
    expect(got).to.deep.equal([undefined]);
    expect(wrapper.errors).to.deep.equal(['nobody does not exist']);
  });

  for (const platform of ['android', 'ios'] as const) {
    it(`bridge client over the JSB transport answers in ${platform} ordering`, async () => {
      const wrapper = __setPlatform(platform)!;
      wrapper.nativeSide = (_event, arg) => {
        const { id } = JSON.parse(arg!) as { id: string };
        wrapper.emitFromNative('commonbilling:response', JSON.stringify({ id, ok: true, result: { connected: true } }));
      };
      const client = new BridgeClient(JsbTransport.fromEngine()!, new SafeLogger(memoryLogger()), 1000);
      expect(await client.call('connect', { market: 'google-play' })).to.deep.equal({ connected: true });
      expect(wrapper.sent.map((s) => JSON.parse(s.arg!).id)).to.deep.equal(['1']);
    });
  }

  it('starts the native bridge once through reflection on Android and iOS, and not on the web', () => {
    __setPlatform('android');
    JsbTransport.fromEngine();
    expect(native.reflection!.calls).to.deep.equal([['com/commonbilling/bridge/CommonBillingBridge', 'register', '()V']]);
    __setPlatform('ios');
    JsbTransport.fromEngine();
    expect(native.reflection!.calls).to.deep.equal([['CBBridge', 'registerBridge']]);
    __setPlatform('web');
    expect(JsbTransport.fromEngine()).to.equal(null);
    expect(native.reflection).to.equal(undefined);
  });

  it('sys.localStorage journal: a failing storage is STORAGE_FAILED', async () => {
    __setPlatform('web');
    const journal = await Journal.open(new CocosLocalStorage(), 'ns', { now: () => 0 });
    expect(journal.entries()).to.deep.equal([]);
    (sys.localStorage as unknown as { failing: boolean }).failing = true;
    expect(await Journal.open(new CocosLocalStorage(), 'ns', { now: () => 0 }).catch((e: unknown) => e)).to.include({ code: 'STORAGE_FAILED' });
  });

  it('the component picks the sandbox on the web and logs in against the real server', async () => {
    __setPlatform('web');
    const server = await startLiveServer();
    try {
      const component = new CommonBillingComponent();
      component.serverUrl = server.url;
      component.appKey = server.appKey;
      const billing = await component.startBilling({}, { fetch: nodeFetch, logger: memoryLogger() });
      expect((await billing.login('cocos-1', server.harness.loginToken('cocos-1'))).products.map((p) => p.productId)).to.include('gas');
    } finally {
      await server.close();
    }
  });

  it('on Android the market is the build option the native bridge reports; only an explicit naver or sandbox overrides it', () => {
    __setPlatform('android');
    const component = new CommonBillingComponent();
    expect(component.androidMarket).to.equal('');
    expect(component.marketFor('android')).to.equal('google-play');
    native.reflection!.answers.set('builtMarket', 'one-store');
    expect(component.marketFor('android')).to.equal('one-store');
    expect(native.reflection!.calls).to.deep.include(['com/commonbilling/bridge/CommonBillingBridge', 'builtMarket', '()Ljava/lang/String;']);
    component.androidMarket = 'naver';
    expect(component.marketFor('android')).to.equal('naver');
    component.androidMarket = '';
    native.reflection!.answers.set('builtMarket', '');
    expect(() => component.marketFor('android')).to.throw().with.property('code', 'UNKNOWN_MARKET');
    __setPlatform('web');
  });
});
