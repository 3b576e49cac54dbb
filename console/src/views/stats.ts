import type { StatsResponse } from '../../../server/src/console/api-schemas';
import { revenueChart } from '../chart';
import type { ViewContext } from '../context';
import { h } from '../dom';
import { dayOffset } from '../format';
import { t } from '../i18n';
import { errorBox, loading, stateBadge } from './common';

export function statsView(ctx: ViewContext, params: URLSearchParams): HTMLElement {
  const now = new Date();
  const from = params.get('from') ?? dayOffset(now, 29);
  const to = params.get('to') ?? dayOffset(now, 0);
  const fromInput = h('input', { type: 'date', name: 'from', value: from, id: 'stats-from' });
  const toInput = h('input', { type: 'date', name: 'to', value: to, id: 'stats-to' });
  const form = h('form', { class: 'filters card inline' },
    h('div', { class: 'field' }, h('label', { for: 'stats-from' }, t('search.from')), fromInput),
    h('div', { class: 'field' }, h('label', { for: 'stats-to' }, t('search.to')), toInput),
    h('div', { class: 'field buttons' }, h('button', { type: 'submit', class: 'primary' }, t('stats.apply'))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    ctx.navigate(`#/stats?from=${fromInput.value}&to=${toInput.value}`);
  });
  const body = h('div', {}, loading());
  ctx.api.stats(from, to).then((s) => body.replaceChildren(...render(s)), (err: unknown) => body.replaceChildren(errorBox(err)));
  return h('div', { class: 'stats-page' }, form, body);
}

function render(s: StatsResponse): Node[] {
  const currencies = [...new Set(s.revenue.map((p) => p.currency))].sort();
  const total = s.countsByState.reduce((a, c) => a + c.count, 0);
  return [
    h('section', { class: 'card', id: 'revenue' }, h('h3', {}, t('stats.revenue')),
      ...(currencies.length === 0 ? [h('p', { class: 'empty' }, t('stats.noRevenue'))] : currencies.map((c) => revenueChart(s.revenue, c, s.from, s.to)))),
    h('section', { class: 'card', id: 'counts' }, h('h3', {}, t('stats.counts')),
      h('table', { class: 'grid counts' }, h('tbody', {}, ...s.countsByState.map((c) =>
        h('tr', {}, h('td', {}, stateBadge(c.state)), h('td', { class: 'num' }, c.count.toLocaleString('en-US')),
          h('td', { class: 'bar-cell' }, h('span', { class: 'bar', style: `width:${total ? (100 * c.count) / total : 0}%` }))))))),
  ];
}
