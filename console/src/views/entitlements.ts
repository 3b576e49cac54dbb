import type { Entitlement } from '../../../assets/common-billing/protocol/entitlements';
import type { PlayerEntitlements, SubscriptionEventEntry, SubscriptionPeriodEntry, SubscriptionTimeline } from '../../../server/src/console/subscription-schemas';
import { toParams } from '../api';
import type { ViewContext } from '../context';
import { h } from '../dom';
import { formatMoney, formatTime, yesNo } from '../format';
import { t } from '../i18n';
import { errorBox, loading, stateBadge, table } from './common';

/** The address of a player's entitlement page (a shareable link). */
export function playerHash(appKey: string, userKey: string): string {
  return `#/player?${toParams({ appKey, userKey })}`;
}

/** The player page: what the player has now and every subscription's timeline. */
export function playerView(ctx: ViewContext, params: URLSearchParams): HTMLElement {
  const appKey = params.get('appKey') ?? '';
  const userKey = params.get('userKey') ?? '';
  return h('div', { class: 'player-page' },
    h('div', { class: 'detail-head' },
      h('a', { href: '#/search', onclick: (e: Event) => { e.preventDefault(); history.back(); } }, `← ${t('detail.back')}`),
      h('h2', {}, `${t('player.title')} `, h('span', { class: 'mono' }, userKey), h('span', { class: 'meta' }, ` · ${appKey}`))),
    entitlementPanel(ctx, appKey, userKey, { timelines: 'all' }));
}

/** Which subscription timelines the panel draws: all of the player's, or only those a payment started. */
export type TimelineChoice = { timelines: 'all' } | { timelines: 'of-purchase'; purchaseId: string };

/**
 * The entitlement view: the game's answer (one row per entitlement) and one card per subscription
 * with its charged periods and its store events. On the payment detail page only the subscription
 * that payment started is drawn, with a link to the player page for the rest.
 */
export function entitlementPanel(ctx: ViewContext, appKey: string, userKey: string, choice: TimelineChoice): HTMLElement {
  const section = h('section', { class: 'card', id: 'entitlements', 'aria-live': 'polite' }, h('h3', {}, t('player.entitlements')), loading());
  ctx.api.entitlements(appKey, userKey).then(
    (p) => section.replaceChildren(...render(p, choice)),
    (err: unknown) => section.replaceChildren(h('h3', {}, t('player.entitlements')), errorBox(err)),
  );
  return section;
}

function render(p: PlayerEntitlements, choice: TimelineChoice): Node[] {
  const head = h('h3', {}, t('player.entitlements'), h('span', { class: 'meta' }, ` · ${t('player.asOf')} ${formatTime(p.asOf)}`));
  const list = p.entitlements.length === 0 ? h('p', { class: 'empty' }, t('player.noEntitlements')) : entitlementTable(p.entitlements);
  const nodes: Node[] = [head, list];
  if (choice.timelines === 'of-purchase') {
    const own = p.subscriptions.filter((s) => s.subscription.purchaseId === choice.purchaseId);
    if (own.length) nodes.push(h('h3', {}, t('player.subscriptions')), ...own.map(subscriptionCard));
    if (p.subscriptions.length) nodes.push(h('p', {}, h('a', { href: playerHash(p.appKey, p.userKey), id: 'player-link' }, t('player.open', { n: p.subscriptions.length }))));
    return nodes;
  }
  nodes.push(h('h3', {}, t('player.subscriptions')));
  if (p.subscriptions.length === 0) nodes.push(h('p', { class: 'empty' }, t('player.noSubscriptions')));
  for (const s of p.subscriptions) nodes.push(subscriptionCard(s));
  return nodes;
}

// protocol/common.ts PURCHASE_ID_PATTERN (version 7, or 4 before 2026-12); the console bundle stays free of TypeBox.
const PAYMENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[47][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function entitlementTable(rows: Entitlement[]): HTMLTableElement {
  return table<Entitlement>([
    { label: 'ent.group', cell: (e) => e.group },
    { label: 'col.product', cell: (e) => e.productId },
    { label: 'ent.kind', cell: (e) => e.kind },
    { label: 'col.state', cell: (e) => stateBadge(e.state) },
    { label: 'ent.active', cell: (e) => yesNo(e.active) },
    { label: 'ent.expires', cell: (e) => (e.expiresAt === null ? t('ent.never') : `${e.expiresAtEstimated ? '≈ ' : ''}${formatTime(e.expiresAt)}`), className: 'nowrap' },
    { label: 'ent.autoRenew', cell: (e) => (e.autoRenew === null ? '—' : yesNo(e.autoRenew)) },
    { label: 'col.market', cell: (e) => e.market },
    { label: 'ent.verifiedBy', cell: (e) => e.verifiedBy },
    // A subscription a store notification opened (an upgrade) has no payment of its own: its id is shown, not linked.
    { label: 'col.purchaseId', cell: (e) => (PAYMENT_ID.test(e.purchaseId) ? h('a', { href: `#/purchase/${e.purchaseId}`, class: 'mono' }, e.purchaseId.slice(0, 8)) : h('span', { class: 'mono' }, e.purchaseId)) },
  ], rows, (e) => ({ 'data-group': e.group }));
}

/** One subscription: its keys and state, the charges (oldest first) and the store events in order. */
export function subscriptionCard(tl: SubscriptionTimeline): HTMLElement {
  const s = tl.subscription;
  const facts: [string, Node | string][] = [
    [t('sub.chainKey'), s.chainKey],
    [t('col.product'), `${s.productId} (${s.marketProductId})`],
    [t('col.market'), s.market],
    [t('sub.period'), `${formatTime(s.periodStart)} → ${s.periodEndEstimated ? '≈ ' : ''}${formatTime(s.periodEnd)}`],
    [t('ent.autoRenew'), yesNo(s.autoRenew)],
    [t('col.env'), s.test ? `${s.environment ?? '—'} · test` : s.environment ?? '—'],
    [t('ent.verifiedBy'), s.verifiedBy],
  ];
  if (s.replacesChainKey) facts.push([t('sub.replaces'), s.replacesChainKey]);
  if (s.replacedBy) facts.push([t('sub.replacedBy'), s.replacedBy]);
  if (s.offer) facts.push([t('sub.offer'), JSON.stringify(s.offer)]);
  if (s.purchaseId) facts.push([t('col.purchaseId'), h('a', { href: `#/purchase/${s.purchaseId}` }, s.purchaseId)]);
  return h('article', { class: 'subscription', 'data-subscription-id': s.subscriptionId, 'aria-label': `${s.entitlementGroup} ${s.productId}` },
    h('h4', {}, `${s.entitlementGroup} · ${s.productId} `, stateBadge(s.state)),
    h('dl', { class: 'kv' }, ...facts.flatMap(([k, v]) => [h('dt', {}, k), h('dd', { class: 'mono' }, v)])),
    h('h5', {}, t('sub.periods')),
    tl.periods.length === 0 ? h('p', { class: 'empty' }, t('sub.noPeriods')) : periodTable(tl.periods),
    h('h5', {}, t('sub.events')),
    tl.events.length === 0 ? h('p', { class: 'empty' }, t('sub.noEvents')) : eventList(tl.events));
}

function periodTable(periods: SubscriptionPeriodEntry[]): HTMLTableElement {
  const t0 = table<SubscriptionPeriodEntry>([
    { label: 'sub.start', cell: (p) => formatTime(p.start), className: 'nowrap' },
    { label: 'sub.end', cell: (p) => formatTime(p.end), className: 'nowrap' },
    { label: 'col.storeTx', cell: (p) => p.transactionId ?? '—', className: 'mono' },
    { label: 'sub.charged', cell: (p) => `${p.estimated && p.amountMicros !== null ? '≈ ' : ''}${formatMoney(p.amountMicros, p.currency)}`, className: 'num' },
    { label: 'col.env', cell: (p) => (p.test ? 'test' : '') },
    { label: 'sub.refunded', cell: (p) => formatTime(p.revokedAt), className: 'nowrap' },
  ], periods, (p) => ({ 'data-estimated': String(p.estimated) }));
  t0.classList.add('sub-periods');
  return t0;
}

function eventList(events: SubscriptionEventEntry[]): HTMLOListElement {
  return h('ol', { class: 'timeline sub-events' }, ...events.map((e) => h('li', { 'data-type': e.type },
    h('span', { class: 'nowrap meta' }, formatTime(e.eventTime ?? e.at)),
    h('span', { class: 'badge kind' }, e.type),
    h('span', {}, e.fromState || e.toState ? `${e.fromState ?? '—'} → ${e.toState ?? '—'}` : '', e.source ? h('span', { class: 'meta' }, ` · ${e.source}`) : null,
      // The server's own time, when the store's differs (a late or replayed notification shows here).
      e.eventTime && e.eventTime !== e.at ? h('span', { class: 'meta' }, ` · ${t('sub.recorded')} ${formatTime(e.at)}`) : null))));
}
