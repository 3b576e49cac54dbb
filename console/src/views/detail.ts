import type { PurchaseDetail } from '../../../server/src/console/api-schemas';
import type { ActionName } from '../api';
import type { ViewContext } from '../context';
import { h } from '../dom';
import { formatTime, yesNo } from '../format';
import { t, type MessageKey } from '../i18n';
import { entitlementPanel } from './entitlements';
import { amountText, envText, errorBox, loading, stateBadge, table } from './common';

export function detailView(ctx: ViewContext, purchaseId: string): HTMLElement {
  const page = h('div', { class: 'detail-page' }, loading());
  ctx.api.detail(purchaseId).then(
    (detail) => page.replaceChildren(...render(ctx, detail)),
    (err: unknown) => page.replaceChildren(errorBox(err)),
  );
  return page;
}

function render(ctx: ViewContext, d: PurchaseDetail): Node[] {
  const p = d.purchase;
  const flags = [p.redeliveryRequested ? t('detail.redeliveryPending') : null, p.refundedByHand ? t('detail.refundedByHand') : null]
    .filter((f): f is string => f !== null);
  const summary: [string, Node | string][] = [
    ['col.purchaseId', p.purchaseId], ['col.user', p.userKey], ['col.market', p.market],
    ['col.product', `${p.productId} (${p.marketProductId})`], ['col.state', stateBadge(p.state)],
    ['col.env', envText(p)], ['col.amount', amountText(p)],
    ['col.storeTx', p.storeTransactionId ?? '—'], ['search.purchaseToken', p.purchaseToken ?? '—'],
    ['search.developerPayload', p.developerPayload ?? '—'], ['col.created', formatTime(p.createdAt)],
    ['col.delivered', formatTime(p.deliveredAt)], ['col.finished', yesNo(p.storeFinished)],
  ];
  return [
    h('div', { class: 'detail-head' },
      h('a', { href: '#/search', onclick: (e: Event) => { e.preventDefault(); history.back(); } }, `← ${t('detail.back')}`),
      h('h2', {}, `${t('detail.title')} `, h('span', { class: 'mono' }, p.purchaseId), ' ', stateBadge(p.state)),
      ...flags.map((f) => h('span', { class: 'badge flag' }, f))),
    h('div', { class: 'detail-grid' },
      h('section', { class: 'card' }, h('h3', {}, t('detail.summary')),
        h('dl', { class: 'kv' }, ...summary.flatMap(([k, v]) => [h('dt', {}, t(k as MessageKey)), h('dd', { class: 'mono' }, v)]))),
      h('section', { class: 'card' }, d.actions.length ? h('h3', {}, t('detail.actions')) : null, d.actions.length ? actionsPanel(ctx, d) : null,
        h('h3', {}, t('detail.verification')),
        h('p', { id: 'verification' }, h('span', { class: `badge outcome-${d.verification.outcome}` }, d.verification.outcome),
          d.verification.errorCode ? h('span', { class: 'mono' }, ` ${d.verification.errorCode}`) : null),
        h('h3', {}, t('detail.notes')),
        d.notes.length === 0 ? h('p', { class: 'empty' }, t('detail.noNotes'))
          : h('ul', { class: 'notes' }, ...d.notes.map((n) => h('li', {}, h('span', { class: 'meta' }, `${formatTime(n.at)} · ${n.author}`), h('div', {}, n.text)))))),
    // What the player has now: the same answer the game gets, with a link to each subscription's timeline.
    ...(p.userKey ? [entitlementPanel(ctx, p.appKey, p.userKey, { timelines: 'of-purchase', purchaseId: p.purchaseId })] : []),
    h('section', { class: 'card', id: 'timeline' }, h('h3', {}, t('detail.timeline')),
      h('ol', { class: 'timeline' }, ...d.timeline.map((e) => h('li', { class: `tl-${e.kind}` },
        h('span', { class: 'nowrap meta' }, formatTime(e.at)), h('span', { class: 'badge kind' }, e.kind), h('span', {}, e.summary))))),
    h('section', { class: 'card', id: 'audit' }, h('h3', {}, t('detail.audit')),
      d.audit.length === 0 ? h('p', { class: 'empty' }, t('detail.noAudit')) : table([
        { label: 'audit.at', cell: (a) => formatTime(a.at), className: 'nowrap' },
        { label: 'audit.actor', cell: (a) => a.actor },
        { label: 'audit.action', cell: (a) => a.action },
        { label: 'audit.reason', cell: (a) => a.reason ?? '—', className: 'wrap' },
      ], d.audit)),
    h('section', { class: 'card' }, h('h3', {}, t('detail.receipt')),
      d.receipt ? h('pre', { class: 'receipt', id: 'receipt' }, JSON.stringify(d.receipt, null, 2)) : h('p', { class: 'empty' }, t('detail.noReceipt'))),
  ];
}

/** Server action name (as in `PurchaseDetail.actions`) → URL segment and label. */
const ACTIONS: { action: string; name: ActionName; label: MessageKey }[] = [
  { action: 'redeliver', name: 'redeliver', label: 'action.redeliver' },
  { action: 'mark-delivered', name: 'mark-delivered', label: 'action.markDelivered' },
  { action: 'note', name: 'notes', label: 'action.note' },
  { action: 'refund', name: 'refund', label: 'action.refund' },
  { action: 'assign', name: 'assign', label: 'action.assign' },
  { action: 'confirm-revocation', name: 'confirm-revocation', label: 'action.confirmRevocation' },
  { action: 'dismiss-revocation', name: 'dismiss-revocation', label: 'action.dismissRevocation' },
];

/**
 * One button per action the server allows for this purchase and this agent (role and state);
 * each opens a reason box, and the reason goes to the audit log.
 */
function actionsPanel(ctx: ViewContext, d: PurchaseDetail): HTMLElement {
  const allowed = ACTIONS.filter((a) => d.actions.includes(a.action));
  const panel = h('div', { class: 'actions' });
  const status = h('div', { class: 'form-status', role: 'status' });
  const open = (action: (typeof ACTIONS)[number]) => {
    const reason = h('textarea', { id: 'action-reason', rows: 3, required: true, minlength: 3, placeholder: t('action.reason') });
    // Assigning an unclaimed purchase names the player who gets it.
    const userKey = action.name === 'assign' ? h('input', { id: 'assign-user', required: true, maxlength: 128, placeholder: t('action.assignUser') }) : null;
    const form = h('form', { class: 'reason-form', 'data-action': action.name },
      ...(userKey ? [h('label', { for: 'assign-user' }, t('action.assignUser')), userKey] : []),
      h('label', { for: 'action-reason' }, `${t(action.label)} — ${t('action.reason')}`), reason,
      h('div', { class: 'buttons' },
        h('button', { type: 'submit', class: action.name === 'refund' ? 'danger' : 'primary' }, t('action.confirm')),
        h('button', { type: 'button', onclick: () => form.remove() }, t('action.cancel'))));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const done = userKey
        ? ctx.api.assign(d.purchase.purchaseId, userKey.value.trim(), reason.value.trim())
        : ctx.api.act(d.purchase.purchaseId, action.name, reason.value.trim());
      done.then(
        () => ctx.refresh(),
        (err: unknown) => status.replaceChildren(errorBox(err)),
      );
    });
    panel.querySelector('form')?.remove();
    panel.insertBefore(form, status);
    reason.focus();
  };
  panel.append(h('div', { class: 'buttons' }, ...allowed.map((a) =>
    h('button', { type: 'button', 'data-action': a.name, class: a.name === 'refund' ? 'danger' : '', onclick: () => open(a) }, t(a.label)))), status);
  return panel;
}
