import { expect } from 'chai';
import { parseCatalog } from '../../../server/src/cli/product-import';
import { addPeriod, parsePeriod, periodMsFrom } from '../../../server/src/subscriptions/period';
import { forEachEngine } from '../support/engines';
import { ADMIN_TOKEN, startHarness, type Harness } from '../support/harness';

describe('subscription periods (ISO-8601, calendar months in UTC)', () => {
  const table: Array<[string, ReturnType<typeof parsePeriod>]> = [
    ['P1W', { years: 0, months: 0, days: 7 }],
    ['P1M', { years: 0, months: 1, days: 0 }],
    ['P3M', { years: 0, months: 3, days: 0 }],
    ['P1Y', { years: 1, months: 0, days: 0 }],
    ['P3D', { years: 0, months: 0, days: 3 }],
    ['P0D', undefined],
    ['P', undefined],
    ['PT1H', undefined],
    ['1M', undefined],
    ['P99Y', undefined],
  ];
  for (const [text, expected] of table) it(`${text} → ${JSON.stringify(expected)}`, () => expect(parsePeriod(text)).to.deep.equal(expected));

  it('a month after Jan 31 ends on Feb 28/29 at the same time of day; a year after Feb 29 on Feb 28', () => {
    const month = parsePeriod('P1M')!;
    expect(new Date(addPeriod(Date.UTC(2026, 0, 31, 10, 30), month)).toISOString()).to.equal('2026-02-28T10:30:00.000Z');
    expect(new Date(addPeriod(Date.UTC(2028, 0, 31), month)).toISOString()).to.equal('2028-02-29T00:00:00.000Z');
    expect(new Date(addPeriod(Date.UTC(2028, 1, 29), parsePeriod('P1Y')!)).toISOString()).to.equal('2029-02-28T00:00:00.000Z');
    expect(new Date(addPeriod(Date.UTC(2026, 10, 15), month, 3)).toISOString()).to.equal('2027-02-15T00:00:00.000Z');
    expect(periodMsFrom(Date.UTC(2026, 1, 1), month)).to.equal(28 * 86_400_000);
    expect(periodMsFrom(Date.UTC(2026, 0, 1), parsePeriod('P1W')!)).to.equal(7 * 86_400_000);
  });
});

describe('products import: subscription fields', () => {
  it('requires them for a subscription and refuses them elsewhere', () => {
    const vip = { productId: 'vip_month', type: 'subscription', title: 'VIP', subscription: { group: 'vip', period: 'P1M' } };
    expect(parseCatalog([vip]).products[0]!.subscription).to.deep.equal({ group: 'vip', period: 'P1M' });
    expect(() => parseCatalog([{ ...vip, subscription: undefined }])).to.throw(/needs `subscription/);
    expect(() => parseCatalog([{ ...vip, type: 'consumable' }])).to.throw(/only subscription products/);
    expect(() => parseCatalog([{ ...vip, subscription: { group: 'vip', period: 'P1X' } }])).to.throw(/period/);
  });
});

forEachEngine('catalog: subscription products', (engine) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(engine());
  });
  afterEach(async () => h?.close());

  const put = (products: unknown[]) =>
    h.app.inject({ method: 'PUT', url: `/v1/admin/apps/${h.appKey}/products`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, payload: { products } });

  it('stores group and period, shows them in the catalog, and refuses a bad definition with PRODUCT_SUBSCRIPTION_INVALID', async () => {
    const ok = await put([{ productId: 'vip_month', type: 'subscription', title: 'VIP', price: { amountMicros: 4_990_000, currency: 'USD' }, subscription: { group: 'vip', period: 'P1M' } }]);
    expect(ok.statusCode, ok.body).to.equal(200);
    const listed = (ok.json() as { products: Array<{ productId: string; subscription?: unknown }> }).products;
    expect(listed.find((p) => p.productId === 'vip_month')!.subscription).to.deep.equal({ group: 'vip', period: 'P1M' });
    expect(listed.find((p) => p.productId === 'gas')).to.not.have.property('subscription');

    for (const bad of [
      { productId: 'vip2', type: 'subscription', title: 'VIP' },
      { productId: 'gas2', type: 'consumable', title: 'Gas', subscription: { group: 'vip', period: 'P1M' } },
    ]) {
      const res = await put([bad]);
      expect(res.statusCode, res.body).to.equal(400);
      expect(res.json().error.code).to.equal('PRODUCT_SUBSCRIPTION_INVALID');
    }
    const badPeriod = await put([{ productId: 'vip3', type: 'subscription', title: 'VIP', subscription: { group: 'vip', period: 'PT1H' } }]);
    expect(badPeriod.statusCode).to.equal(400);
    const row = await h.tdb.db.get<{ n: number }>("SELECT COUNT(*) AS n FROM products WHERE product_id IN ('vip2', 'gas2', 'vip3')");
    expect(Number(row!.n)).to.equal(0);
  });
});
