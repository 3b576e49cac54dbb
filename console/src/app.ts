import type { SessionInfo } from '../../server/src/console/api-schemas';
import type { ConsoleApi } from './api';
import { can, type ViewContext } from './context';
import { clear, h } from './dom';
import { lang, setLang, t, type MessageKey } from './i18n';
import { auditView } from './views/audit';
import { errorBox } from './views/common';
import { detailView } from './views/detail';
import { queuesView } from './views/queues';
import { queryFromHash, searchView } from './views/search';
import { signInView } from './views/sign-in';
import { statsView } from './views/stats';
import { playerView } from './views/entitlements';
import { subscriptionsView } from './views/subscriptions';

/** The console shell: sign-in gate, top bar, and a hash router (`#/search?…`, `#/purchase/<id>`…). */
export class ConsoleApp {
  private session: SessionInfo | null = null;

  constructor(private readonly root: HTMLElement, private readonly api: ConsoleApi, private readonly win: Window) {
    win.addEventListener('hashchange', () => this.render());
  }

  async start(): Promise<void> {
    try {
      this.session = await this.api.me();
    } catch (err) {
      this.root.replaceChildren(errorBox(err));
      return;
    }
    this.render();
  }

  render(): void {
    clear(this.root);
    this.win.document.documentElement.lang = lang();
    this.win.document.title = t('app.title');
    const session = this.session;
    if (!session) {
      this.root.append(this.topBar(null), signInView(this.api, (info) => {
        this.session = info;
        this.navigate('#/search');
        this.render();
      }));
      return;
    }
    const ctx: ViewContext = {
      api: this.api,
      account: session.account,
      navigate: (hash) => this.navigate(hash),
      refresh: () => this.render(),
    };
    const [path = '', queryString = ''] = this.win.location.hash.replace(/^#/, '').split('?');
    const params = new URLSearchParams(queryString);
    const purchase = /^\/purchase\/([^/]+)$/.exec(path);
    let view: HTMLElement;
    if (purchase?.[1]) view = detailView(ctx, decodeURIComponent(purchase[1]));
    else if (path === '/queues') view = queuesView(ctx);
    else if (path === '/stats') view = statsView(ctx, params);
    else if (path === '/subscriptions') view = subscriptionsView(ctx, params);
    else if (path === '/player') view = playerView(ctx, params);
    else if (path === '/audit' && can(session.account, 'support')) view = auditView(ctx);
    else {
      const subscriptionKey = params.get('subscriptionKey') ?? undefined;
      params.delete('subscriptionKey');
      view = searchView(ctx, session.filters, queryFromHash(params), subscriptionKey);
    }
    this.root.append(this.topBar(path || '/search'), h('main', { class: 'content' }, view));
  }

  private navigate(hash: string): void {
    if (this.win.location.hash === hash) this.render();
    else this.win.location.hash = hash;
  }

  private topBar(active: string | null): HTMLElement {
    const session = this.session;
    const links: [string, MessageKey][] = [['/search', 'nav.search'], ['/queues', 'nav.queues'], ['/stats', 'nav.stats'], ['/subscriptions', 'nav.subscriptions']];
    if (session && can(session.account, 'support')) links.push(['/audit', 'nav.audit']);
    return h('header', { class: 'topbar' },
      h('span', { class: 'brand' }, t('app.title')),
      session ? h('nav', {}, ...links.map(([path, label]) => h('a', { href: `#${path}`, class: active?.startsWith(path) ? 'active' : '' }, t(label)))) : null,
      h('span', { class: 'spacer' }),
      h('button', { type: 'button', class: 'link', id: 'lang-switch', onclick: () => {
        setLang(lang() === 'ko' ? 'en' : 'ko', this.win.localStorage);
        this.render();
      } }, t('lang.switch')),
      session ? h('span', { class: 'who' }, `${session.account.email} · ${session.account.role}`) : null,
      session ? h('button', { type: 'button', class: 'link', id: 'sign-out', onclick: () => {
        this.api.signOut().then(() => {
          this.session = null;
          this.render();
        }, (err: unknown) => this.root.prepend(errorBox(err)));
      } }, t('nav.signOut')) : null);
  }
}
