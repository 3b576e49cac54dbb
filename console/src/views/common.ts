import type { PurchaseRow } from '../../../server/src/console/api-schemas';
import { h } from '../dom';
import { t, type MessageKey } from '../i18n';
import { formatMoney, formatTime, yesNo } from '../format';

export function errorBox(err: unknown): HTMLElement {
  const message = err instanceof Error ? err.message : String(err);
  return h('div', { class: 'error' }, t('common.error', { message }));
}

export function stateBadge(state: string): HTMLElement {
  return h('span', { class: `badge state-${state.toLowerCase()}` }, state);
}

export interface Column<T> {
  label: MessageKey;
  cell(row: T): Node | string;
  className?: string;
}

export function table<T>(columns: Column<T>[], rows: T[], rowAttrs: (row: T) => Record<string, string> = () => ({})): HTMLTableElement {
  return h('table', { class: 'grid' },
    h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', { class: c.className }, t(c.label))))),
    h('tbody', {}, ...rows.map((row) => h('tr', rowAttrs(row), ...columns.map((c) => h('td', { class: c.className }, c.cell(row)))))));
}

/** Environment, with the test flag: "test", or "test?" when the store's receipt cannot tell. */
export function envText(r: Pick<PurchaseRow, 'environment' | 'test' | 'testUnknown'>): string {
  if (r.test) return `${r.environment} · test`;
  return r.testUnknown ? `${r.environment} · ${t('col.testUnknown')}` : r.environment;
}

/** What the store charged; "≈" marks the catalog price used when the store reported none. */
export function amountText(r: Pick<PurchaseRow, 'amountMicros' | 'currency' | 'priceEstimated'>): string {
  const money = formatMoney(r.amountMicros, r.currency);
  return r.priceEstimated && r.amountMicros !== null ? `≈ ${money}` : money;
}

/** The columns every purchase list shares (search results and queues). */
export function purchaseColumns<T extends PurchaseRow>(): Column<T>[] {
  return [
    { label: 'col.created', cell: (r) => formatTime(r.createdAt), className: 'nowrap' },
    { label: 'col.purchaseId', cell: (r) => h('a', { href: `#/purchase/${r.purchaseId}`, class: 'mono' }, r.purchaseId.slice(0, 8)) },
    { label: 'col.user', cell: (r) => r.userKey, className: 'mono' },
    { label: 'col.market', cell: (r) => r.market },
    { label: 'col.product', cell: (r) => r.productId },
    { label: 'col.state', cell: (r) => stateBadge(r.state) },
    { label: 'col.env', cell: (r) => envText(r) },
    { label: 'col.amount', cell: (r) => amountText(r), className: 'num' },
    { label: 'col.storeTx', cell: (r) => r.storeTransactionId ?? '—', className: 'mono ellipsis' },
    { label: 'col.delivered', cell: (r) => formatTime(r.deliveredAt), className: 'nowrap' },
    { label: 'col.finished', cell: (r) => yesNo(r.storeFinished) },
  ];
}

export function loading(): HTMLElement {
  return h('div', { class: 'loading' }, t('common.loading'));
}
