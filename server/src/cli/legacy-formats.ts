/**
 * Purchase logs of the defunct Korean stores, imported once into the purchase log (STORES.md §4).
 * The file is JSON Lines, one purchase per line, each tagged with its store:
 *
 *   T store (SK Planet IAP v3, fields of the digitalsignconfirm.iap answer plus the game's user key):
 *   {"store":"tstore","userKey":"u1","txid":"TX_00000000253438","appid":"OA00687270","product_id":"0910031859",
 *    "charge_amount":3300,"log_time":"20150527001027"}
 *   `log_time` is yyyyMMddHHmmss in Korea time (UTC+9). T store became ONE store, so rows get market `one-store`.
 *
 *   Naver App Store (NIAP v2 Purchase getters plus the user key):
 *   {"store":"naver","userKey":"u1","paymentSeq":"2015052711223344","purchaseToken":"...","productCode":"1000013114",
 *    "paymentTime":1432652400000,"packageName":"com.example.game","environment":"..."}
 *   Rows get market `naver`.
 *
 * Legacy purchases were delivered by the old system, so they are recorded CONSUMED and store-finished,
 * flagged `imported`; the store transaction id (txid / paymentSeq) keeps a re-run idempotent.
 */
export interface LegacyPurchase {
  market: 'one-store' | 'naver';
  userKey: string;
  storeTransactionId: string;
  purchaseToken: string | null;
  marketProductId: string;
  purchaseTimeMs: number;
  raw: Record<string, unknown>;
}

const KST_OFFSET_MS = 9 * 3600_000;
const PRINTABLE = /^[\x21-\x7e]{1,128}$/;

function str(o: Record<string, unknown>, key: string): string {
  const v = o[key];
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string' || !PRINTABLE.test(v)) throw new Error(`field "${key}" is missing or not a printable string`);
  return v;
}

function tstoreTime(logTime: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(logTime);
  if (!m) throw new Error('log_time must be yyyyMMddHHmmss');
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s) - KST_OFFSET_MS;
}

/** Parses one line; throws an Error with a readable reason for a bad line. */
export function parseLegacyLine(line: string): LegacyPurchase {
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch {
    throw new Error('not JSON');
  }
  if (!o || typeof o !== 'object' || Array.isArray(o)) throw new Error('not a JSON object');
  const rec = o as Record<string, unknown>;
  if (rec.store === 'tstore') {
    return {
      market: 'one-store',
      userKey: str(rec, 'userKey'),
      storeTransactionId: str(rec, 'txid'),
      purchaseToken: null,
      marketProductId: str(rec, 'product_id'),
      purchaseTimeMs: tstoreTime(str(rec, 'log_time')),
      raw: rec,
    };
  }
  if (rec.store === 'naver') {
    const time = rec.paymentTime;
    if (typeof time !== 'number' || !Number.isSafeInteger(time) || time <= 0) throw new Error('paymentTime must be epoch milliseconds');
    return {
      market: 'naver',
      userKey: str(rec, 'userKey'),
      storeTransactionId: str(rec, 'paymentSeq'),
      purchaseToken: typeof rec.purchaseToken === 'string' ? rec.purchaseToken : null,
      marketProductId: str(rec, 'productCode'),
      purchaseTimeMs: time,
      raw: rec,
    };
  }
  throw new Error('"store" must be "tstore" or "naver"');
}
