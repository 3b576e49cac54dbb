import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Product } from '../../assets/common-billing/protocol/api';
import type { NativeProduct } from '../../assets/common-billing/protocol/bridge';
import { mergeProducts } from '../../assets/common-billing/core/product-list';
import { formatPrice } from '../../assets/common-billing/markets/sandbox/sandbox-bridge';
import { startLiveServer, type LiveServer } from './support/billing-server';
import { sandboxSdk } from './support/sdk-setup';

const catalog: Product[] = [
  { productId: 'gas', marketProductId: 'gas_10', type: 'consumable', title: 'Gas', price: { amountMicros: 990_000, currency: 'USD' } },
  { productId: 'car_upgrade', marketProductId: 'car_upgrade', type: 'non-consumable', title: 'Car upgrade', price: null },
  { productId: 'vip', marketProductId: 'vip_monthly', type: 'subscription', title: 'VIP', price: null },
];
const store = (productId: string, type: NativeProduct['type']): NativeProduct => ({
  productId, type, title: `${productId} (store)`, description: 'from the store', formattedPrice: '\u20a91,200', priceMicros: 1_200_000_000, currency: 'KRW',
});

describe('SDK products: the catalog merged with the store\'s answer', () => {
  it('a product the store sells carries the store\'s price string, micros and currency; the catalog title stays', () => {
    const { valid, invalid } = mergeProducts(catalog, [store('gas_10', 'consumable'), store('vip_monthly', 'subscription')]);
    expect(valid.map((p) => p.productId)).to.deep.equal(['gas', 'vip']);
    expect(valid[0]).to.deep.include({ title: 'Gas', storeTitle: 'gas_10 (store)', description: 'from the store', formattedPrice: '\u20a91,200' });
    expect(valid[0]!.price).to.deep.equal({ amountMicros: 1_200_000_000, currency: 'KRW' });
    expect(invalid.map((p) => [p.productId, p.reason])).to.deep.equal([['car_upgrade', 'NOT_AT_STORE']]);
  });

  it('a product the store has as another type is invalid (TYPE_MISMATCH), not sold at the wrong kind', () => {
    const { valid, invalid } = mergeProducts(catalog, [store('gas_10', 'consumable'), store('car_upgrade', 'consumable')]);
    expect(valid.map((p) => p.productId)).to.deep.equal(['gas']);
    expect(invalid.map((p) => [p.productId, p.reason])).to.deep.equal([['car_upgrade', 'TYPE_MISMATCH'], ['vip', 'NOT_AT_STORE']]);
  });

  for (const market of ['google-play', 'one-store', 'app-store']) {
    it(`${market}: the recorded queryProducts transcript merged with a catalog gives valid and invalid products`, () => {
      const transcript = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'bridge', `${market}-queryproducts.json`), 'utf8')) as { messages: { to: string; arg: string }[] };
      const asked: string[] = [];
      const answered: NativeProduct[] = [];
      for (const m of transcript.messages) {
        const body = JSON.parse(m.arg) as { method?: string; params?: { productIds: string[] }; ok?: boolean; result?: { products?: NativeProduct[] } };
        if (m.to === 'native' && body.method === 'queryProducts') asked.push(...body.params!.productIds);
        if (m.to === 'script' && body.result?.products) answered.push(...body.result.products);
      }
      const types: Record<string, Product['type']> = { car_upgrade: 'non-consumable' };
      const catalog: Product[] = asked.map((id) => ({ productId: id.replace(/_/g, '-'), marketProductId: id, type: types[id] ?? 'consumable', title: id, price: null }));
      const { valid, invalid } = mergeProducts(catalog, answered);
      expect(valid.map((p) => [p.marketProductId, p.formattedPrice])).to.deep.equal(answered.map((p) => [p.productId, p.formattedPrice]));
      expect(invalid.map((p) => [p.marketProductId, p.reason])).to.deep.equal([['no_such_product', 'NOT_AT_STORE']]);
    });
  }

  describe('the sandbox store answers with its own prices (web demo)', () => {
    let server: LiveServer;
    before(async () => {
      server = await startLiveServer();
    });
    after(() => server.close());

    it('login and getProducts(): gas at its localized price, car_upgrade (no price: unknown to the sandbox store) invalid', async () => {
      const { billing, listener } = await sandboxSdk(server);
      const login = await billing.login('products-1', server.harness.loginToken('products-1'));
      expect(login.products.map((p) => [p.productId, p.formattedPrice, p.price])).to.deep.equal([['gas', formatPrice(990_000, 'USD'), { amountMicros: 990_000, currency: 'USD' }]]);
      expect(login.invalid.map((p) => [p.productId, p.reason])).to.deep.equal([['car_upgrade', 'NOT_AT_STORE']]);
      expect(listener.events.filter((e) => e.kind === 'products')).to.have.length(1);
      expect(await billing.getProducts()).to.deep.equal({ valid: login.products, invalid: login.invalid });
      await billing.dispose();
    });

    it('getProducts() before login is NOT_LOGGED_IN', async () => {
      const { billing } = await sandboxSdk(server);
      expect(await billing.getProducts().catch((e: unknown) => e)).to.include({ code: 'NOT_LOGGED_IN' });
    });
  });

  it('formatPrice: a currency string like a store\'s; a code Intl does not know still shows amount and code', () => {
    expect(formatPrice(990_000, 'USD')).to.match(/0\.99/).and.to.match(/\$|USD/);
    expect(formatPrice(1_500_000, 'XQQ')).to.match(/1\.50?/).and.to.contain('XQQ');
  });
});
