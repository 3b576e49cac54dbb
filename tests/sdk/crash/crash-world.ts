import { CommonBilling } from '../../../assets/common-billing/core/common-billing';
import { type MemoryStorage } from '../../../assets/common-billing/core/memory-storage';
import type { FetchLike, KeyValueStorage } from '../../../assets/common-billing/core/types';
import type { Harness } from '../../server/support/harness';

/** Thrown by the injected I/O when the simulated process dies. */
export class Crash extends Error {
  constructor() {
    super('simulated crash');
  }
}

/**
 * One process life. Every injected I/O operation (a storage read/write, an HTTP request to
 * the billing server or the sandbox store) has two step boundaries: before it (the effect
 * does not happen) and after it (the effect happened, the answer is lost). At `crashAt` the
 * process dies: that operation and every later one of this life throws `Crash`.
 */
export class Life {
  boundaries = 0;
  dead = false;

  constructor(private readonly crashAt: number | null) {}

  async around<T>(op: () => Promise<T>): Promise<T> {
    this.boundary();
    const result = await op();
    this.boundary();
    return result;
  }

  private boundary(): void {
    if (this.dead) throw new Crash();
    if (this.boundaries++ === this.crashAt) {
      this.dead = true;
      throw new Crash();
    }
  }
}

/** In-process requests to the real server (Fastify inject: no sockets), with a tally of first consumes. */
export function injectFetch(harness: { app: { inject: Harness['app']['inject'] } }, firstConsumes: Map<string, number>): FetchLike {
  return async (url, init) => {
    const path = url.replace(/^https?:\/\/[^/]+/, '');
    const res = await harness.app.inject({ method: init.method as 'GET' | 'POST', url: path, headers: init.headers, payload: init.body });
    const match = /^\/v1\/purchases\/([^/]+)\/consume$/.exec(path);
    if (match && res.statusCode === 200 && res.json<{ alreadyConsumed: boolean }>().alreadyConsumed === false) {
      firstConsumes.set(match[1]!, (firstConsumes.get(match[1]!) ?? 0) + 1);
    }
    return { status: res.statusCode, text: async () => res.body };
  };
}

export function crashingStorage(backing: MemoryStorage, life: Life): KeyValueStorage {
  return {
    getItem: (k) => life.around(() => backing.getItem(k)),
    setItem: (k, v) => life.around(() => backing.setItem(k, v)),
    removeItem: (k) => life.around(() => backing.removeItem(k)),
  };
}

export function crashingFetch(inner: FetchLike, life: Life): FetchLike {
  return (url, init) => life.around(() => inner(url, init));
}

/**
 * The game, granting idempotently on purchaseId into its own durable save.
 * build-in: the SDK consumes and `onDeliver` grants. server: the game's server (another
 * process, which does not crash with the app) consumes with the paymentToken and grants.
 */
export class Game {
  readonly granted = new Set<string>();
  private readonly work: Promise<unknown>[] = [];

  constructor(
    readonly model: 'build-in' | 'server' = 'build-in',
    private readonly gameServerConsume: (purchaseId: string, paymentToken: string) => Promise<void> = async () => undefined,
  ) {}

  listenerFor(billing: CommonBilling) {
    const track = (p: Promise<unknown>) => this.work.push(p.catch(() => undefined));
    return {
      onPurchaseVerified: (purchase: { purchaseId: string }, paymentToken: string) => {
        if (this.model === 'build-in') return track(billing.consume(purchase.purchaseId));
        track(
          this.gameServerConsume(purchase.purchaseId, paymentToken).then(() => {
            this.granted.add(purchase.purchaseId);
            return billing.confirmDelivered(purchase.purchaseId);
          }),
        );
      },
      onDeliver: (purchase: { purchaseId: string }) => {
        this.granted.add(purchase.purchaseId);
        track(billing.confirmDelivered(purchase.purchaseId));
      },
    };
  }

  /** Waits until the callbacks' follow-up calls (and theirs) have settled. */
  async settle(): Promise<void> {
    for (let seen = -1; seen !== this.work.length; ) {
      seen = this.work.length;
      await Promise.all(this.work);
    }
  }
}

export interface LifeResult {
  boundaries: number;
  crashed: boolean;
}

/**
 * Runs one life: a fresh SDK over the same storage, server and store. It logs in (replaying
 * whatever is open) and buys every product of `toBuy` that the store has not charged yet.
 */
export async function runLife(
  env: { appKey: string; loginToken(userKey: string): string; backing: MemoryStorage; fetch: FetchLike; game: Game; userKey: string },
  toBuy: string[],
  crashAt: number | null,
  alreadyPaid: () => Promise<Set<string>>,
): Promise<LifeResult> {
  const life = new Life(crashAt);
  const billing = new CommonBilling();
  try {
    await billing.initialize('sandbox', env.game.listenerFor(billing), {
      serverUrl: 'http://billing.invalid',
      appKey: env.appKey,
      platform: 'web',
      storage: crashingStorage(env.backing, life),
      fetch: crashingFetch(env.fetch, life),
      consumeModel: env.game.model,
      logger: { log: () => undefined },
    });
    await billing.login(env.userKey, env.loginToken(env.userKey));
    await env.game.settle();
    const paid = await alreadyPaid();
    await Promise.allSettled(toBuy.filter((p) => !paid.has(p)).map((p) => billing.purchase(p)));
    await env.game.settle();
  } catch {
    // A crash (or the error it caused) ends this life; the next one starts from storage.
  }
  await env.game.settle();
  return { boundaries: life.boundaries, crashed: life.dead };
}
