import { PurchaseState } from '../../assets/common-billing/protocol/common';
import { loadDetail } from '../../server/src/console/detail';
import { csvLines } from '../../server/src/console/csv';
import { DEFAULT_DEADLINE_POLICY, loadQueue } from '../../server/src/console/queues';
import { searchPurchases } from '../../server/src/console/search';
import { loadStats } from '../../server/src/console/stats';
import type { SqlExecutor } from '../../server/src/storage/types';
import type { SeedPurchase } from '../../tests/console/support/purchases';
import { DAY } from './dataset';

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const noPayload = () => undefined;
const STATES = PurchaseState.anyOf.map((s) => s.const);

/** The console's common queries, each a function of a sample row (so every run asks something different). */
export function consoleQueries(db: SqlExecutor, end: number): Record<string, (p: SeedPurchase) => Promise<unknown>> {
  return {
    'search userKey': (p) => searchPurchases(db, { userKey: p.userKey }, noPayload),
    'search orderId': (p) => searchPurchases(db, { orderId: p.storeTransactionId ?? 'none' }, noPayload),
    'search purchaseToken': (p) => searchPurchases(db, { purchaseToken: p.purchaseToken ?? 'none' }, noPayload),
    'search purchaseId': (p) => searchPurchases(db, { purchaseId: p.purchaseId }, noPayload),
    'search market+state (page 1)': (p) => searchPurchases(db, { market: p.market, state: p.state as 'CONSUMED' }, noPayload),
    'search market+state+7 days': (p) => searchPurchases(db, { market: p.market, state: p.state as 'CONSUMED', from: day(p.createdAt - 6 * DAY), to: day(p.createdAt) }, noPayload),
    'search state=REVOKED+30 days': (p) => searchPurchases(db, { state: 'REVOKED', from: day(p.createdAt - 29 * DAY), to: day(p.createdAt) }, noPayload),
    'search market, page 5 (cursor)': async (p) => {
      let cursor: string | undefined;
      for (let i = 0; i < 5; i++) cursor = (await searchPurchases(db, { market: p.market, cursor }, noPayload)).nextCursor ?? undefined;
      return cursor;
    },
    'detail': (p) => loadDetail(db, p.purchaseId),
    'queue undelivered': () => loadQueue(db, 'undelivered', end, DEFAULT_DEADLINE_POLICY),
    'queue store deadline': () => loadQueue(db, 'deadline', end, DEFAULT_DEADLINE_POLICY),
    'stats 30 days': (p) => loadStats(db, day(p.createdAt - 29 * DAY), day(p.createdAt), end, STATES),
    'csv export 1 day (all rows)': async (p) => {
      let bytes = 0;
      for await (const chunk of csvLines(db, { from: day(p.createdAt), to: day(p.createdAt) }, noPayload)) bytes += chunk.length;
      return bytes;
    },
  };
}
