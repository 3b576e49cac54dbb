import type { SearchQuery, SearchResponse, SessionInfo } from '../../../server/src/console/api-schemas';
import { toParams } from '../api';
import type { ViewContext } from '../context';
import { h } from '../dom';
import { t, type MessageKey } from '../i18n';
import { errorBox, loading, purchaseColumns, stateBadge, table } from './common';
import { playerHash } from './entitlements';
import type { SubscriptionMatch } from '../../../server/src/console/subscription-schemas';
import { formatTime } from '../format';

const TEXT_FILTERS = ['userKey', 'orderId', 'storeTransactionId', 'purchaseToken', 'purchaseId', 'developerPayload'] as const;
const CHOICE_FILTERS = [['market', 'markets'], ['state', 'states'], ['environment', 'environments']] as const;

/** Reads the search from the hash query (`#/search?userKey=…`) so a search is a shareable link. */
export function queryFromHash(params: URLSearchParams): SearchQuery {
  const query: Record<string, string> = {};
  for (const [key, value] of params) if (value) query[key] = value;
  return query as SearchQuery;
}

/**
 * The payment search, and the subscription search when `subscriptionKey` is given (an original
 * transaction id or a purchase token finds the subscription and its player, not payments).
 */
export function searchView(ctx: ViewContext, filters: SessionInfo['filters'], query: SearchQuery, subscriptionKey?: string): HTMLElement {
  const form = h('form', { class: 'filters card', id: 'search-form' });
  const field = (name: string, label: MessageKey, input: HTMLElement) => h('div', { class: 'field' }, h('label', { for: `f-${name}` }, t(label)), input);
  for (const name of TEXT_FILTERS) {
    form.append(field(name, `search.${name}`, h('input', { id: `f-${name}`, name, value: query[name] ?? '', spellcheck: 'false' })));
  }
  form.append(field('subscriptionKey', 'search.subscriptionKey',
    h('input', { id: 'f-subscriptionKey', name: 'subscriptionKey', value: subscriptionKey ?? '', spellcheck: 'false', title: t('search.subscriptionKeyHint') })));
  for (const [name, list] of CHOICE_FILTERS) {
    const select = h('select', { id: `f-${name}`, name }, h('option', { value: '' }, t('search.any')),
      ...filters[list].map((v) => h('option', { value: v, selected: query[name] === v }, v)));
    form.append(field(name, `search.${name}`, select));
  }
  for (const name of ['from', 'to'] as const) {
    form.append(field(name, `search.${name}`, h('input', { id: `f-${name}`, name, type: 'date', value: query[name] ?? '' })));
  }
  const { cursor: _c, limit: _l, ...filtersOnly } = query;
  form.append(h('div', { class: 'field buttons' },
    h('button', { type: 'submit', class: 'primary' }, t('search.submit')),
    h('button', { type: 'button', onclick: () => ctx.navigate('#/search') }, t('search.clear')),
    h('a', { class: 'button', id: 'csv-export', href: ctx.api.csvUrl(query), download: 'payments.csv' }, t('search.csv'))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const values: Record<string, string> = {};
    for (const [key, value] of new FormData(form)) if (typeof value === 'string' && value.trim()) values[key] = value.trim();
    ctx.navigate(`#/search?${toParams(values)}`);
  });

  const results = h('section', { class: 'results' }, loading());
  if (subscriptionKey) {
    ctx.api.subscriptions(subscriptionKey).then(
      (answer) => results.replaceChildren(...subscriptionResults(answer.items)),
      (err: unknown) => results.replaceChildren(errorBox(err)),
    );
    return h('div', { class: 'search-page' }, form, results);
  }
  ctx.api.search(query).then(
    (page) => {
      results.replaceChildren(...resultsView(ctx, page, filtersOnly, query.cursor !== undefined));
      // A store key that names no payment may name a subscription (a renewal's order id, a
      // replaced token): say so rather than leave support at "no payments".
      const key = page.items.length === 0 ? query.storeTransactionId ?? query.orderId ?? query.purchaseToken : undefined;
      if (key && /^[\x21-\x7e]+$/.test(key)) {
        ctx.api.subscriptions(key).then((answer) => {
          if (answer.items.length) results.append(h('h3', {}, t('search.alsoSubscriptions')), ...subscriptionResults(answer.items));
        }, (err: unknown) => results.append(errorBox(err)));
      }
    },
    (err: unknown) => results.replaceChildren(errorBox(err)),
  );
  return h('div', { class: 'search-page' }, form, results);
}

function resultsView(ctx: ViewContext, page: SearchResponse, filters: SearchQuery, paged: boolean): Node[] {
  if (page.items.length === 0) return [h('p', { class: 'empty' }, t('search.none'))];
  const pager = h('div', { class: 'pager' },
    paged ? h('button', { type: 'button', onclick: () => ctx.navigate(`#/search?${toParams(filters)}`) }, t('search.first')) : null,
    page.nextCursor
      ? h('button', { type: 'button', id: 'next-page', onclick: () => ctx.navigate(`#/search?${toParams({ ...filters, cursor: page.nextCursor })}`) }, t('search.more'))
      : null);
  return [table(purchaseColumns(), page.items, (row) => ({ 'data-purchase-id': row.purchaseId })), pager];
}

function subscriptionResults(items: SubscriptionMatch[]): Node[] {
  if (items.length === 0) return [h('p', { class: 'empty' }, t('search.noSubscriptions'))];
  const grid = table<SubscriptionMatch>([
    { label: 'col.user', cell: (s) => (s.userKey ? h('a', { href: playerHash(s.appKey, s.userKey), class: 'mono player-link' }, s.userKey) : '—') },
    { label: 'search.app', cell: (s) => s.appKey },
    { label: 'col.market', cell: (s) => s.market },
    { label: 'col.product', cell: (s) => s.productId },
    { label: 'col.state', cell: (s) => stateBadge(s.state) },
    { label: 'ent.expires', cell: (s) => `${s.periodEndEstimated ? '≈ ' : ''}${formatTime(s.periodEnd)}`, className: 'nowrap' },
    { label: 'sub.chainKey', cell: (s) => s.chainKey, className: 'mono ellipsis' },
    { label: 'search.matchedBy', cell: (s) => t(`match.${s.matchedBy}`) },
  ], items, (s) => ({ 'data-subscription-id': s.subscriptionId }));
  grid.id = 'subscription-results';
  return [grid];
}
