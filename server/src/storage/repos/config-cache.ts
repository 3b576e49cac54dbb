import type { Database } from '../types';
import type { AppMarketRow, AppRow } from './apps';
import { listSubscriptionProducts, type ProductRow } from './products';

/**
 * App and market configuration, read once and kept, for the requests that read it every time
 * (session checks, market verifiers, the subscription catalog of every receipt). Migrations 320 and
 * 401 keep a counter row (`config_version`) that triggers move in the same transaction as any
 * change to `apps`, `app_markets` or `products`, whoever makes
 * it: the admin API, the CLI, the config file's sync, another instance. Before a request trusts
 * the cache, the counter is read again; when it moved, everything cached is dropped.
 *
 * Reads of the counter are shared: requests that arrive while one is in flight wait for the next
 * one, which starts after they arrived, so a request never sees configuration older than the
 * moment it came in (a change committed before a request arrives is always seen by it). On
 * SQLite that read is a few microseconds; on PostgreSQL one round trip serves every request that
 * arrived during the previous one.
 *
 * One check per request is enough for that promise: a request takes a `ConfigCheck` first
 * (`checked()`), and its later lookups that carry it read the cache without waiting for another
 * check (a receipt looked up its app, its market and its subscription catalog, each behind a check
 * of its own: 0.44 reads of the counter per receipt on PostgreSQL, a round trip each).
 */
export interface ConfigCheck {
  /** Which completed check of the counter this is (counts up; the cache never goes back to an older state). */
  readonly seq: number;
}

export class ConfigCache {
  private version: number | undefined;
  /** Bumped whenever the maps are cleared: a row read under an older generation is not kept. */
  private generation = 0;
  private readonly apps = new Map<string, AppRow | null>();
  private readonly appsBySecretHash = new Map<string, AppRow | null>();
  private readonly markets = new Map<string, AppMarketRow | null>();
  private readonly subscriptionProducts = new Map<string, ProductRow[] | null>();
  private waiting: Array<{ resolve(): void; reject(error: unknown): void }> = [];
  private checking = false;
  private completedChecks = 0;

  constructor(private readonly db: Database) {}

  /** A check of the counter begun after this call: pass it to the request's lookups. */
  async checked(): Promise<ConfigCheck> {
    await this.fresh();
    return { seq: this.completedChecks };
  }

  /** Each lookup waits for a check begun after it was called, unless it carries its request's `check`. */
  async app(appKey: string, check?: ConfigCheck): Promise<AppRow | undefined> {
    return this.cached(this.apps, appKey, () => this.db.get<AppRow>('SELECT * FROM apps WHERE app_key = ?', [appKey]), check);
  }

  async appBySecretHash(secretHash: string): Promise<AppRow | undefined> {
    return this.cached(this.appsBySecretHash, secretHash, () => this.db.get<AppRow>('SELECT * FROM apps WHERE secret_hash = ?', [secretHash]));
  }

  async market(appKey: string, market: string, check?: ConfigCheck): Promise<AppMarketRow | undefined> {
    return this.cached(this.markets, `${appKey}\n${market}`, () =>
      this.db.get<AppMarketRow>(`SELECT ${MARKET_COLUMNS} FROM app_markets WHERE app_key = ? AND market = ?`, [appKey, market]),
    check);
  }

  /** The app's subscription products (every receipt asks whether its product is one). */
  async subscriptionCatalogRows(appKey: string, check?: ConfigCheck): Promise<ProductRow[]> {
    return (await this.cached(this.subscriptionProducts, appKey, () => listSubscriptionProducts(this.db, appKey), check)) ?? [];
  }

  private async cached<T>(map: Map<string, T | null>, key: string, read: () => Promise<T | undefined>, check?: ConfigCheck): Promise<T | undefined> {
    // A check made after the request arrived has already brought the cache up to that moment.
    if (!check) await this.fresh();
    const hit = map.get(key);
    if (hit !== undefined) return hit ?? undefined;
    const generation = this.generation;
    const row = await read();
    // Absent rows are remembered too (an unknown app key costs no read until something changes).
    if (generation === this.generation) map.set(key, row ?? null);
    return row;
  }

  /** Resolves once the counter has been read after this call began (and the cache dropped if it moved). */
  private fresh(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      if (!this.checking) void this.check();
    });
  }

  private async check(): Promise<void> {
    this.checking = true;
    try {
      while (this.waiting.length) {
        const batch = this.waiting.splice(0);
        try {
          const row = await this.db.get<{ version: number }>('SELECT version FROM config_version WHERE id = 1');
          const version = Number(row?.version ?? -1);
          if (version !== this.version) this.clear(version);
          this.completedChecks++;
          for (const w of batch) w.resolve();
        } catch (error) {
          for (const w of batch) w.reject(error);
        }
      }
    } finally {
      this.checking = false;
    }
  }

  private clear(version: number): void {
    this.version = version;
    this.generation++;
    this.apps.clear();
    this.appsBySecretHash.clear();
    this.markets.clear();
    this.subscriptionProducts.clear();
  }
}

/** What a request needs of a market row (its configuration and whether it is on), not every column. */
const MARKET_COLUMNS = 'app_key, market, enabled, config, updated_at';

const caches = new WeakMap<Database, ConfigCache>();

/** The one configuration cache of a database handle (an instance shares it across requests). */
export function configCache(db: Database): ConfigCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = new ConfigCache(db);
    caches.set(db, cache);
  }
  return cache;
}
