import type { RevenuePoint } from '../../../server/src/console/api-schemas';
import type { SubscriptionCounts, SubscriptionStatsResponse } from '../../../server/src/console/subscription-schemas';
import { revenueChart } from '../chart';
import type { ViewContext } from '../context';
import { h } from '../dom';
import { dayOffset, formatMoney } from '../format';
import { t } from '../i18n';
import { errorBox, loading, table } from './common';

/** The subscriptions panel: counts per product now, churn and revenue per day over a period. */
export function subscriptionsView(ctx: ViewContext, params: URLSearchParams): HTMLElement {
  const now = new Date();
  const from = params.get('from') ?? dayOffset(now, 29);
  const to = params.get('to') ?? dayOffset(now, 0);
  const fromInput = h('input', { type: 'date', name: 'from', value: from, id: 'subs-from' });
  const toInput = h('input', { type: 'date', name: 'to', value: to, id: 'subs-to' });
  const form = h('form', { class: 'filters card inline' },
    h('div', { class: 'field' }, h('label', { for: 'subs-from' }, t('search.from')), fromInput),
    h('div', { class: 'field' }, h('label', { for: 'subs-to' }, t('search.to')), toInput),
    h('div', { class: 'field buttons' }, h('button', { type: 'submit', class: 'primary' }, t('stats.apply'))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    ctx.navigate(`#/subscriptions?from=${fromInput.value}&to=${toInput.value}`);
  });
  const body = h('div', {}, loading());
  ctx.api.subscriptionStats(from, to).then((s) => body.replaceChildren(...render(s)), (err: unknown) => body.replaceChildren(errorBox(err)));
  return h('div', { class: 'subscriptions-page' }, form, body);
}

const n = (v: number) => v.toLocaleString('en-US');

function render(s: SubscriptionStatsResponse): Node[] {
  const counts = table<SubscriptionCounts>([
    { label: 'col.product', cell: (c) => c.productId },
    { label: 'col.market', cell: (c) => c.market },
    { label: 'col.env', cell: (c) => (c.test ? 'test' : 'production') },
    { label: 'subs.active', cell: (c) => n(c.active), className: 'num' },
    { label: 'subs.inGrace', cell: (c) => n(c.inGrace), className: 'num' },
    { label: 'subs.onHold', cell: (c) => n(c.onHold), className: 'num' },
    { label: 'subs.paused', cell: (c) => n(c.paused), className: 'num' },
    { label: 'subs.canceledActive', cell: (c) => n(c.canceledActive), className: 'num' },
    { label: 'subs.expired', cell: (c) => n(c.expired), className: 'num' },
    { label: 'subs.revoked', cell: (c) => n(c.revoked), className: 'num' },
  ], s.counts, (c) => ({ 'data-product': c.productId, 'data-market': c.market, 'data-test': String(c.test) }));
  // The chart stacks one colour per product and market, one chart per currency (never added across currencies).
  const points: RevenuePoint[] = s.revenue.map((r) => ({ day: r.day, market: `${r.productId} · ${r.market}`, currency: r.currency, amountMicros: r.amountMicros, count: r.count, estimatedCount: r.estimatedCount }));
  const currencies = [...new Set(points.map((p) => p.currency))].sort();
  return [
    h('section', { class: 'card', id: 'subscription-counts' }, h('h3', {}, t('subs.counts', { from: s.from, to: s.to })),
      s.counts.length === 0 ? h('p', { class: 'empty' }, t('subs.none')) : counts),
    h('section', { class: 'card', id: 'subscription-revenue' }, h('h3', {}, t('subs.revenue')),
      ...(currencies.length === 0 ? [h('p', { class: 'empty' }, t('stats.noRevenue'))] : [
        ...currencies.map((c) => revenueChart(points, c, s.from, s.to)),
        table([
          { label: 'subs.day', cell: (r) => r.day, className: 'nowrap' },
          { label: 'col.product', cell: (r) => r.productId },
          { label: 'col.market', cell: (r) => r.market },
          { label: 'subs.charges', cell: (r) => n(r.count), className: 'num' },
          { label: 'col.amount', cell: (r) => formatMoney(r.amountMicros, r.currency), className: 'num' },
          { label: 'subs.estimated', cell: (r) => (r.estimatedCount ? `≈ ${n(r.estimatedCount)}` : '—'), className: 'num' },
        ], s.revenue),
      ])),
  ];
}
