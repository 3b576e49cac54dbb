import { BillingError, isBillingError } from '../../../../assets/common-billing/protocol/error-codes';
import { marketInfo } from '../settings/markets';
import { settingsFromProfile, type BillingSettings, type MarketSettings } from '../settings/schema';
import { normalizeAppKey, normalizeServerUrl } from '../settings/fields';
import { formatProductMap, parseProductMap } from '../settings/product-map';
import { checkDataKey, generateDataKey, setDataKeyCommand, type RandomBytes, type StoredKeyStatus } from '../settings/data-key';
import { fieldError, fieldOf } from '../settings/field-error';
import type { ConnectionReport } from '../server/billing-server-client';

/** Where settings live: the project profile (VCS) and the local editor profile (data keys). */
export interface PanelStorage {
  loadSettings(): Promise<unknown>;
  saveSettings(settings: BillingSettings): Promise<void>;
  loadDataKeys(): Promise<unknown>;
  saveDataKeys(keys: Record<string, string>): Promise<void>;
}

/** The billing server and Node's crypto (settings/key-vault.ts), reached through the extension's main process. */
export interface PanelServer {
  testConnection(serverUrl: string, appKey: string, markets: string[]): Promise<ConnectionReport>;
  registerDataKey(serverUrl: string, appKey: string, adminToken: string, dataKey: string): Promise<void>;
  /** Validates a pasted public key and seals it (field errors as for any input). */
  sealPublicKey(plainKey: string, dataKey: string, appKey: string, market: string): Promise<string>;
  publicKeyStatus(encrypted: string, dataKey: string | undefined, appKey: string, market: string): Promise<StoredKeyStatus>;
}

export interface MarketDraft { enabled: boolean; encryptedPublicKey: string; productsText: string }
export interface ConnectionSummary { report: ConnectionReport; notOnServer: Record<string, string[]> }

/**
 * Everything the panel does, without a DOM: the draft the user edits, the errors per field,
 * encryption of public keys the moment they are entered, and saving only a fully valid draft.
 * Field ids: serverUrl, appKey, dataKey, adminToken, publicKey:<market>, products:<market>.
 */
export class PanelController {
  serverUrl = '';
  appKey = '';
  readonly markets: Record<string, MarketDraft> = {};
  readonly errors = new Map<string, BillingError>();
  private dataKeys: Record<string, string> = {};
  /** Whether each market's stored key opens with the current data key (asked of the main process after every change). */
  private statuses: Record<string, StoredKeyStatus> = {};

  constructor(private readonly storage: PanelStorage, private readonly server: PanelServer, private readonly random: RandomBytes) {}

  async load(): Promise<void> {
    const settings = settingsFromProfile(await this.storage.loadSettings());
    const keys = await this.storage.loadDataKeys();
    this.dataKeys = {};
    if (keys && typeof keys === 'object') {
      for (const [app, key] of Object.entries(keys)) if (typeof key === 'string') this.dataKeys[app] = key;
    }
    this.serverUrl = settings.serverUrl;
    this.appKey = settings.appKey;
    for (const [id, m] of Object.entries(settings.markets)) {
      this.markets[id] = { enabled: m.enabled, encryptedPublicKey: m.encryptedPublicKey, productsText: formatProductMap(m.products) };
    }
    this.errors.clear();
    await this.refreshKeyStatus();
  }

  /** Asks again whether every stored key opens with this app's data key. */
  async refreshKeyStatus(): Promise<void> {
    const statuses: Record<string, StoredKeyStatus> = {};
    for (const [id, draft] of Object.entries(this.markets)) {
      statuses[id] = draft.encryptedPublicKey ? await this.server.publicKeyStatus(draft.encryptedPublicKey, this.dataKey, this.appKey.trim(), id) : 'none';
    }
    this.statuses = statuses;
  }

  /** The data key of the current app, if this editor has one. */
  get dataKey(): string | undefined {
    return this.dataKeys[this.appKey.trim()];
  }

  setServerUrl(text: string): void {
    this.serverUrl = text;
    this.check('serverUrl', () => normalizeServerUrl(text));
  }

  /** A valid app key without a data key gets a fresh one, kept in the local profile. */
  async setAppKey(text: string): Promise<void> {
    this.appKey = text;
    const key = this.check('appKey', () => normalizeAppKey(text));
    if (key !== undefined && !this.dataKeys[key]) await this.replaceDataKey();
    await this.refreshKeyStatus();
  }

  /** A new data key for the current app. Keys encrypted under the old one must be re-entered. */
  async replaceDataKey(): Promise<void> {
    const app = normalizeAppKey(this.appKey);
    this.dataKeys = { ...this.dataKeys, [app]: generateDataKey(this.random) };
    await this.storage.saveDataKeys(this.dataKeys);
    await this.refreshKeyStatus();
  }

  /**
   * Adopts an existing data key for the current app (a teammate's editor, a new machine),
   * so the keys already in the project open again. Returns whether it was accepted.
   */
  async useDataKey(text: string): Promise<boolean> {
    const app = this.check('appKey', () => normalizeAppKey(this.appKey));
    const key = this.check('dataKey', () => checkDataKey(text));
    if (app === undefined || key === undefined) return false;
    this.dataKeys = { ...this.dataKeys, [app]: key };
    await this.storage.saveDataKeys(this.dataKeys);
    await this.refreshKeyStatus();
    return true;
  }

  setEnabled(market: string, enabled: boolean): void {
    this.draft(market).enabled = enabled;
  }

  /** Validates and encrypts a pasted public key (Node crypto, in the main process); only the ciphertext is kept. */
  async enterPublicKey(market: string, plainKey: string): Promise<boolean> {
    const field = `publicKey:${market}`;
    if (!plainKey.trim()) {
      this.errors.delete(field);
      return false;
    }
    const draft = this.draft(market);
    const ready = this.check(field, () => {
      const app = normalizeAppKey(this.appKey, field);
      const dataKey = this.dataKey;
      if (!dataKey) throw fieldError(field, 'data-key-invalid', 'This app has no data key yet.');
      return { app, dataKey };
    });
    if (!ready) return false;
    const sealed = await this.remote(field, () => this.server.sealPublicKey(plainKey, ready.dataKey, ready.app, market));
    if (sealed === undefined) return false;
    draft.encryptedPublicKey = sealed;
    this.statuses[market] = 'ok';
    return true;
  }

  removePublicKey(market: string): void {
    this.draft(market).encryptedPublicKey = '';
    this.statuses[market] = 'none';
    this.errors.delete(`publicKey:${market}`);
  }

  /** From the last check (refreshKeyStatus); a key never checked counts as foreign until it is. */
  keyStatus(market: string): StoredKeyStatus {
    return this.draft(market).encryptedPublicKey ? this.statuses[market] ?? 'foreign' : 'none';
  }

  setProductsText(market: string, text: string): void {
    this.draft(market).productsText = text;
    this.check(`products:${market}`, () => parseProductMap(text, `products:${market}`));
  }

  /** The server CLI command that registers the data key, or '' before there is one. */
  registerCommand(): string {
    const key = this.dataKey;
    return key ? setDataKeyCommand(this.appKey.trim(), key) : '';
  }

  /**
   * The value of the runtime component's `encryptedMarketKeys` property (CBCommonBilling in
   * assets/common-billing/cocos): the ciphertext of each enabled market whose key opens with
   * this app's data key.
   */
  componentMarketKeys(): string {
    const keys: Record<string, string> = {};
    for (const [id, draft] of Object.entries(this.markets)) {
      if (draft.enabled && this.keyStatus(id) === 'ok') keys[id] = draft.encryptedPublicKey;
    }
    return JSON.stringify(keys);
  }

  /** Validates every field; writes the project settings only when nothing is wrong. */
  async save(): Promise<boolean> {
    const settings = this.validateAll();
    if (!settings) return false;
    await this.storage.saveSettings(settings);
    return true;
  }

  async testConnection(): Promise<ConnectionSummary | undefined> {
    const url = this.check('serverUrl', () => normalizeServerUrl(this.serverUrl));
    const app = this.check('appKey', () => normalizeAppKey(this.appKey));
    if (url === undefined || app === undefined) return undefined;
    const enabled = Object.keys(this.markets).filter((id) => this.markets[id]!.enabled);
    const report = await this.remote('serverUrl', () => this.server.testConnection(url, app, enabled));
    if (!report) return undefined;
    const notOnServer: Record<string, string[]> = {};
    for (const check of report.markets) {
      if (!check.ok || !check.productIds) continue;
      const mapped = safeParse(this.markets[check.market]?.productsText ?? '');
      notOnServer[check.market] = mapped.filter((id) => !check.productIds!.includes(id));
    }
    return { report, notOnServer };
  }

  async registerDataKey(adminToken: string): Promise<boolean> {
    const url = this.check('serverUrl', () => normalizeServerUrl(this.serverUrl));
    const app = this.check('appKey', () => normalizeAppKey(this.appKey));
    const key = this.dataKey;
    if (url === undefined || app === undefined || !key) return false;
    return (await this.remote('adminToken', () => this.server.registerDataKey(url, app, adminToken, key).then(() => true))) ?? false;
  }

  private validateAll(): BillingSettings | undefined {
    const serverUrl = this.check('serverUrl', () => normalizeServerUrl(this.serverUrl));
    const appKey = this.check('appKey', () => normalizeAppKey(this.appKey));
    const markets: Record<string, MarketSettings> = {};
    let valid = serverUrl !== undefined && appKey !== undefined;
    for (const [id, draft] of Object.entries(this.markets)) {
      const products = this.check(`products:${id}`, () => parseProductMap(draft.productsText, `products:${id}`));
      if (products === undefined) valid = false;
      if (draft.enabled && this.keyStatus(id) === 'foreign') {
        this.errors.set(`publicKey:${id}`, fieldError(`publicKey:${id}`, 'data-key-invalid', 'This key was encrypted under another data key or app key; enter it again.'));
        valid = false;
      }
      markets[id] = { enabled: draft.enabled, encryptedPublicKey: draft.encryptedPublicKey, products: products ?? [] };
    }
    // An error still shown next to a field (e.g. a rejected key) blocks saving until fixed.
    if ([...this.errors.keys()].some((field) => field !== 'adminToken' && field !== 'dataKey')) valid = false;
    return valid ? { version: 1, serverUrl: serverUrl!, appKey: appKey!, markets } : undefined;
  }

  private draft(market: string): MarketDraft {
    if (!marketInfo(market) && !this.markets[market]) throw new BillingError('UNKNOWN_MARKET', `Unknown market "${market}".`);
    return (this.markets[market] ??= { enabled: false, encryptedPublicKey: '', productsText: '' });
  }

  /** Runs a validation; records its error under the field it names, or clears that field. */
  private check<T>(field: string, work: () => T): T | undefined {
    try {
      const value = work();
      this.errors.delete(field);
      return value;
    } catch (err) {
      if (!isBillingError(err)) throw err;
      this.errors.set(fieldOf(err) ?? field, err);
      return undefined;
    }
  }

  private async remote<T>(field: string, work: () => Promise<T>): Promise<T | undefined> {
    try {
      const value = await work();
      this.errors.delete(field);
      return value;
    } catch (err) {
      if (!isBillingError(err)) throw err;
      this.errors.set(fieldOf(err) ?? field, err);
      return undefined;
    }
  }
}

function safeParse(text: string): string[] {
  try {
    return parseProductMap(text, 'products').map((p) => p.productId);
  } catch {
    return [];
  }
}
