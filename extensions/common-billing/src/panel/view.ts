import { isBillingError, type BillingError } from '../../../../assets/common-billing/protocol/error-codes';
import { MARKETS } from '../settings/markets';
import { reasonOf } from '../settings/field-error';
import type { ConnectionSummary, PanelController } from './controller';

/** What the view needs from the editor: translations, the clipboard, the panel's language choice. */
export interface ViewHost {
  t(key: string): string;
  copy(text: string): void;
  languageChoice(): string;
  chooseLanguage(choice: string): Promise<void>;
}

type ValueElement = HTMLElement & { value?: unknown };

/**
 * Binds the panel's HTML (static/template/default/index.html) to a PanelController: reads
 * the ui-* elements' `value`, forwards edits, and renders the controller's state and errors.
 * No rules live here.
 */
export class PanelView {
  private readonly marketCards = new Map<string, HTMLElement>();

  constructor(private readonly root: HTMLElement, private readonly controller: PanelController, private readonly host: ViewHost) {}

  mount(): void {
    this.buildMarketCards();
    this.relabel();
    const language = this.one('#panel-language');
    writeValue(language, this.host.languageChoice());
    this.listen(language, async (choice) => {
      await this.host.chooseLanguage(choice);
      this.relabel();
    });
    this.onEdit('#server-url', (v) => this.controller.setServerUrl(v));
    this.onEdit('#app-key', (v) => this.controller.setAppKey(v));
    this.onClick('#test-connection', () => this.controller.testConnection().then((s) => this.showConnection(s)));
    this.onClick('#copy-command', () => this.host.copy(this.controller.registerCommand()));
    this.onClick('#copy-component-keys', () => this.host.copy(this.controller.componentMarketKeys()));
    this.onClick('#replace-data-key', () => this.controller.replaceDataKey());
    this.onClick('#use-data-key', async () => {
      const input = this.one('#data-key-input');
      if (await this.controller.useDataKey(readValue(input))) writeValue(input, '');
    });
    this.onClick('#register-data-key', async () => {
      const ok = await this.controller.registerDataKey(readValue(this.one('#admin-token')));
      this.one('#register-result').textContent = ok ? this.text('dataKey.registered') : '';
    });
    this.onClick('#save', async () => {
      const saved = await this.controller.save();
      const status = this.one('#save-status');
      status.textContent = this.text(saved ? 'saved' : 'notSaved');
      status.className = saved ? 'ok' : 'bad';
    });
    this.render();
  }

  /** Every fixed text in the current language (again after the language changes). */
  relabel(): void {
    for (const el of this.all('[data-i18n]')) el.textContent = this.text(el.dataset.i18n!);
  }

  /** Writes the controller's state into the elements. */
  render(): void {
    writeValue(this.one('#server-url'), this.controller.serverUrl);
    writeValue(this.one('#app-key'), this.controller.appKey);
    this.one('#data-key-command').textContent = this.controller.registerCommand();
    this.one('#component-keys').textContent = this.controller.componentMarketKeys();
    for (const [id, card] of this.marketCards) {
      const draft = this.controller.markets[id];
      const enabled = draft?.enabled ?? false;
      const checkbox = card.querySelector<ValueElement>('.market-enabled')!;
      checkbox.value = enabled;
      checkbox.toggleAttribute('checked', enabled);
      card.classList.toggle('disabled', !enabled);
      writeValue(card.querySelector<ValueElement>('.market-products')!, draft?.productsText ?? '');
      const status = this.controller.keyStatus(id);
      const line = card.querySelector<HTMLElement>('.cb-key-status')!;
      line.className = `cb-key-status key-row ${status}`;
      line.textContent = this.text(`key.${status}`) + (status === 'ok' ? `  ${draft!.encryptedPublicKey.slice(0, 24)}…` : '');
    }
    for (const el of this.all('[data-error-for]')) {
      const error = this.controller.errors.get(el.dataset.errorFor!);
      el.textContent = error ? this.describe(error) : '';
    }
    for (const el of this.all('[data-field]')) el.classList.toggle('invalid', this.controller.errors.has(el.dataset.field!));
  }

  private buildMarketCards(): void {
    const template = this.one<HTMLTemplateElement>('#market-template');
    const list = this.one('#markets');
    for (const market of MARKETS) {
      const card = (template.content.firstElementChild!.cloneNode(true) as HTMLElement);
      card.dataset.market = market.id;
      card.classList.toggle('no-key', !market.usesPublicKey);
      for (const el of Array.from(card.querySelectorAll<HTMLElement>('[data-i18n]'))) el.textContent = this.text(el.dataset.i18n!);
      card.querySelector('.market-name')!.textContent = market.label;
      const keyInput = card.querySelector<HTMLElement>('.market-public-key')!;
      const products = card.querySelector<HTMLElement>('.market-products')!;
      keyInput.dataset.field = `publicKey:${market.id}`;
      products.dataset.field = `products:${market.id}`;
      card.querySelector<HTMLElement>('.key-error')!.dataset.errorFor = `publicKey:${market.id}`;
      card.querySelector<HTMLElement>('.products-error')!.dataset.errorFor = `products:${market.id}`;
      card.querySelector('.market-enabled')!.addEventListener('change', (e) => {
        this.controller.setEnabled(market.id, Boolean((e.target as ValueElement).value));
        this.render();
      });
      // The plain key never stays in the panel: encrypted, then the field is emptied.
      this.listen(keyInput, async (value) => {
        if (await this.controller.enterPublicKey(market.id, value)) writeValue(keyInput, '');
      });
      this.listen(products, (value) => this.controller.setProductsText(market.id, value));
      list.appendChild(card);
      this.marketCards.set(market.id, card);
    }
  }

  private showConnection(summary: ConnectionSummary | undefined): void {
    const list = this.one('#connection-result');
    list.replaceChildren();
    if (!summary) return;
    const add = (ok: boolean, text: string) => {
      const li = document.createElement('li');
      li.className = ok ? 'ok' : 'bad';
      li.textContent = text;
      list.appendChild(li);
    };
    add(summary.report.healthy, `${summary.report.serverUrl}/healthz`);
    for (const check of summary.report.markets) {
      const missing = summary.notOnServer[check.market] ?? [];
      if (!check.ok) add(false, `${check.market}: ${check.error?.code} ${check.error?.message ?? ''}`);
      else if (missing.length) add(false, `${check.market}: ${this.text('server.notOnServer')} ${missing.join(', ')}`);
      else add(true, `${check.market}: ${check.productIds?.length ?? 0} ${this.text('server.products')}`);
    }
  }

  private describe(error: BillingError): string {
    const reason = reasonOf(error);
    const translated = reason ? this.text(`error.${reason}`) : '';
    const message = translated && !translated.startsWith('common-billing.') ? translated : error.message;
    return `${message} (${error.code})`;
  }

  private text(key: string): string {
    return this.host.t(`common-billing.${key}`);
  }

  private onEdit(selector: string, apply: (value: string) => unknown): void {
    this.listen(this.one(selector), apply);
  }

  /** ui-input/ui-textarea send `change` while typing and `confirm` when done. */
  private listen(el: HTMLElement, apply: (value: string) => unknown): void {
    const handler = async () => {
      await apply(readValue(el));
      this.render();
    };
    el.addEventListener('change', handler);
    el.addEventListener('confirm', handler);
  }

  private onClick(selector: string, action: () => unknown): void {
    this.one(selector).addEventListener('click', async () => {
      try {
        await action();
      } catch (err) {
        if (!isBillingError(err)) throw err;
        this.one('#save-status').textContent = `${err.message} (${err.code})`;
      }
      this.render();
    });
  }

  private one<T extends HTMLElement = HTMLElement>(selector: string): T {
    const el = this.root.querySelector<T>(selector);
    if (!el) throw new Error(`The panel template has no ${selector}`);
    return el;
  }

  private all(selector: string): HTMLElement[] {
    return Array.from(this.root.querySelectorAll<HTMLElement>(selector));
  }
}

function readValue(el: ValueElement): string {
  return typeof el.value === 'string' ? el.value : '';
}

/** Sets the element's value; the attribute lets the fallback style show it outside the editor. */
function writeValue(el: ValueElement, value: string): void {
  el.value = value;
  if (!el.matches('[password]')) el.setAttribute('value', value);
}
