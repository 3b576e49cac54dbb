import type { ViewContext } from '../context';
import { h } from '../dom';
import { formatTime } from '../format';
import { t } from '../i18n';
import { errorBox, loading, table } from './common';

export function auditView(ctx: ViewContext): HTMLElement {
  const body = h('section', { class: 'card', id: 'audit-log' }, h('h3', {}, t('audit.title')), loading());
  ctx.api.audit().then((a) => body.replaceChildren(h('h3', {}, t('audit.title')), table([
    { label: 'audit.at', cell: (e) => formatTime(e.at), className: 'nowrap' },
    { label: 'audit.actor', cell: (e) => e.actor },
    { label: 'audit.action', cell: (e) => e.action },
    { label: 'audit.target', cell: (e) => (e.targetId && /^[0-9a-f-]{36}$/.test(e.targetId) ? h('a', { href: `#/purchase/${e.targetId}`, class: 'mono' }, e.targetId.slice(0, 8)) : e.targetId ?? '—') },
    { label: 'audit.reason', cell: (e) => e.reason ?? '—', className: 'wrap' },
  ], a.items)), (err: unknown) => body.replaceChildren(errorBox(err)));
  return body;
}
