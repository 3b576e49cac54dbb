import type { QueueItem, QueueKind } from '../../../server/src/console/api-schemas';
import type { ViewContext } from '../context';
import { h } from '../dom';
import { formatTime } from '../format';
import { t } from '../i18n';
import { errorBox, loading, purchaseColumns, table } from './common';

const QUEUES: { kind: QueueKind; title: 'queues.undelivered' | 'queues.deadline' | 'queues.unclaimed' | 'queues.unconfirmed' }[] = [
  { kind: 'undelivered', title: 'queues.undelivered' },
  { kind: 'deadline', title: 'queues.deadline' },
  { kind: 'unclaimed', title: 'queues.unclaimed' },
  { kind: 'unconfirmed-revocations', title: 'queues.unconfirmed' },
];

export function queuesView(ctx: ViewContext): HTMLElement {
  return h('div', { class: 'queues-page' }, ...QUEUES.map(({ kind, title }) => {
    const body = h('div', {}, loading());
    ctx.api.queue(kind).then((q) => {
      const columns = purchaseColumns<QueueItem>();
      if (kind === 'deadline') columns.splice(1, 0, { label: 'col.deadline', cell: (r) => formatTime(r.deadlineAt), className: 'nowrap urgent' });
      body.replaceChildren(q.items.length === 0 ? h('p', { class: 'empty' }, t('queues.empty')) : table(columns, q.items));
    }, (err: unknown) => body.replaceChildren(errorBox(err)));
    return h('section', { class: 'card', id: `queue-${kind}` }, h('h3', {}, t(title)), body);
  }));
}
