import { createHash } from 'node:crypto';
import type { SubmitReceiptResponse } from '../../../assets/common-billing/protocol/api';
import { PURCHASE_ID_PATTERN } from '../../../assets/common-billing/protocol/common';
import { BillingError, type ErrorCode } from '../../../assets/common-billing/protocol/error-codes';
import type { VerifiedReceipt } from '../markets/types';
import { findPurchase, findPurchaseByStoreTransaction, insertRejection, recordVerification, type VerificationUpdate } from '../storage/repos/purchases';
import { recordFirstVerification } from '../storage/repos/verification-statement';
import { toPurchase } from '../storage/repos/rows';
import type { SqlExecutor } from '../storage/types';
import { prepareSubscriptionReceipt, recordSubscriptionReceipt, type PreparedSubscriptionReceipt, type SubscriptionReceiptOutcome } from '../subscriptions/receipts';
import type { SessionAuth } from './auth';
import { claimFor, recordAndClaim, type ClaimOutcome } from './claims';
import type { BillingContext } from './context';
import { withPaymentToken } from './purchase-view';
import { bindingTokenPurchaseId, checkBindingToken, obfuscatedAccountId } from './tokens';

const UUID = new RegExp(PURCHASE_ID_PATTERN);

type Outcome = SubscriptionReceiptOutcome;

/**
 * POST /v1/receipts: the market verifier checks signature, package, state and environment
 * (network I/O, outside any transaction); then one write checks what only the server knows —
 * the binding to the reservation, the product, the payload expiry and uniqueness — and records
 * the purchase or an audit row of the rejection. Fails closed at every step.
 */
export async function submitReceipt(ctx: BillingContext, auth: SessionAuth, market: string, receipt: unknown): Promise<SubmitReceiptResponse> {
  const { app, claims } = auth;
  const audit = { appKey: app.app_key, market, userKey: claims.userKey, get receiptSha256() { return digest(receipt); } };
  if (market !== claims.market) throw new BillingError('FORBIDDEN', 'The session was opened for another market.');
  const service = await ctx.markets.serviceFor(ctx.db, app.app_key, market, auth.config);
  let verified: VerifiedReceipt;
  let subscription: PreparedSubscriptionReceipt | undefined;
  try {
    verified = await service.verifier.verify(receipt);
    // Subscriptions (issue #16): the store's word on the subscription, read before the write.
    subscription = verified.market === market ? await prepareSubscriptionReceipt(ctx, app.app_key, service, verified, auth.config) : undefined;
  } catch (error) {
    const failure = error instanceof BillingError ? error : new BillingError('RECEIPT_MALFORMED', undefined, { cause: error });
    if (!failure.retryable) {
      const rejection = { appKey: audit.appKey, market, userKey: audit.userKey, receiptSha256: audit.receiptSha256 };
      await ctx.db.write((tx) => insertRejection(tx, { ...rejection, purchaseId: null, storeTransactionId: null, code: failure.code, detail: null }, ctx.now()));
    }
    throw failure;
  }
  if (verified.market !== market) throw new BillingError('RECEIPT_MALFORMED', 'The verifier answered for another market.');
  // PostgreSQL, a one-time product: the one-statement path first, as a write that interleaves with
  // the others of its batch (one network write for them all); the step-by-step path only if it did
  // not record the receipt (a replay, a taken store transaction, a failed check).
  const oneStatementFirst = ctx.db.engine === 'postgres' && !subscription;
  const record = (tx: SqlExecutor) => recordReceipt(ctx, tx, auth, verified, () => audit.receiptSha256, oneStatementFirst);
  const write = () => ctx.db.write((tx) => subscription
    ? recordSubscriptionReceipt(ctx, tx, auth, subscription, verified, () => record(tx), (code) => rejectReceipt(ctx, tx, auth, verified, code, audit.receiptSha256))
    : record(tx));
  let outcome: Outcome | undefined;
  try {
    if (oneStatementFirst) outcome = await ctx.db.write((tx) => recordInOneStatement(ctx, tx, auth, verified, ctx.now()), { interleave: true });
    outcome ??= await write();
  } catch (error) {
    // Another instance recorded the same store transaction between our read and our write:
    // run again, and the existing row decides (same user → same purchase, else already used).
    if (!isUniqueViolation(error)) throw error;
    outcome = await write();
  }
  if ('rejected' in outcome) throw new BillingError(outcome.rejected, outcome.message, { details: outcome.purchaseId ? { purchaseId: outcome.purchaseId } : undefined });
  const answer = withPaymentToken(ctx.keys, toPurchase(outcome.row));
  return outcome.subscription ? { ...answer, subscription: outcome.subscription } : answer;
}

async function rejectReceipt(ctx: BillingContext, tx: SqlExecutor, auth: SessionAuth, v: VerifiedReceipt, code: ErrorCode, receiptSha256: string): Promise<Outcome> {
  const row = { appKey: auth.app.app_key, market: v.market, userKey: auth.claims.userKey, purchaseId: null, storeTransactionId: v.storeTransactionId, code, receiptSha256, detail: null };
  await insertRejection(tx, row, ctx.now());
  return { rejected: code };
}

async function recordReceipt(ctx: BillingContext, tx: SqlExecutor, auth: SessionAuth, v: VerifiedReceipt, receiptSha256: () => string, oneStatementTried: boolean): Promise<Outcome> {
  const { app, claims } = auth;
  const now = ctx.now();
  const reject = async (code: ErrorCode, purchaseId: string | null, message?: string): Promise<Outcome> => {
    await insertRejection(
      tx,
      { appKey: app.app_key, market: v.market, userKey: claims.userKey, purchaseId, storeTransactionId: v.storeTransactionId, code, receiptSha256: receiptSha256(), detail: message ?? null },
      now,
    );
    return { rejected: code, message, purchaseId: purchaseId ?? undefined };
  };

  // A purchase with no reservation (promo code, store-started): claimed by this session's user.
  const claim = async (outcome: Promise<ClaimOutcome>): Promise<Outcome> => {
    const result = await outcome;
    return 'rejected' in result ? reject(result.rejected, result.purchaseId ?? null, result.message) : result;
  };
  if (ctx.db.engine === 'postgres' && !oneStatementTried) {
    const recorded = await recordInOneStatement(ctx, tx, auth, v, now);
    if (recorded) return recorded;
  }
  const existing = await findPurchaseByStoreTransaction(tx, v.market, v.storeTransactionId);
  if (existing?.state === 'UNCLAIMED' && existing.app_key === app.app_key) return claim(claimFor(ctx, tx, existing, claims.userKey, 'device'));
  if (existing) {
    if (existing.app_key !== app.app_key || existing.user_key !== claims.userKey) return reject('RECEIPT_ALREADY_USED', null);
    if (!(existing.state === 'PENDING' && v.state === 'PURCHASED')) return { row: existing };
  }

  const purchaseId = existing?.purchase_id ?? boundPurchaseId(v);
  if (!purchaseId) return claim(recordAndClaim(ctx, tx, app.app_key, v, claims.userKey, 'device'));
  const reservation = await findPurchase(tx, purchaseId);
  // An appAccountToken that names no purchase at all is the player's account token, not a reservation.
  if (!reservation && !existing && !macBoundPurchaseId(v)) return claim(recordAndClaim(ctx, tx, app.app_key, v, claims.userKey, 'device'));
  if (!reservation || reservation.app_key !== app.app_key || reservation.market !== v.market || reservation.user_key !== claims.userKey) {
    return reject('RECEIPT_PAYLOAD_INVALID', null, 'The binding names no reservation of this user.');
  }
  const fields = {
    appKey: app.app_key,
    userKey: claims.userKey,
    productId: reservation.product_id,
    market: v.market,
    purchaseId,
    expiresAt: Number(reservation.expires_at),
  };
  for (const token of [v.binding.developerPayload, v.binding.obfuscatedProfileId]) {
    if (token && bindingTokenPurchaseId(token) && !checkBindingToken(ctx.keys, token, fields)) return reject('RECEIPT_PAYLOAD_INVALID', purchaseId);
  }
  if (v.binding.obfuscatedAccountId && v.binding.obfuscatedAccountId !== obfuscatedAccountId(ctx.keys, app.app_key, claims.userKey)) {
    return reject('RECEIPT_PAYLOAD_INVALID', purchaseId, 'The receipt belongs to another user.');
  }
  if (v.marketProductId !== reservation.market_product_id) return reject('RECEIPT_PRODUCT_MISMATCH', purchaseId);
  // Another instance committed this very receipt after our first read: a replay, same answer.
  if (reservation.store_transaction_id === v.storeTransactionId && !(reservation.state === 'PENDING' && v.state === 'PURCHASED')) {
    return { row: reservation };
  }
  if (v.purchaseTimeMs > Number(reservation.expires_at)) return reject('RECEIPT_PAYLOAD_EXPIRED', purchaseId);
  if (v.state === 'CANCELED') return reject('RECEIPT_STATE_INVALID', purchaseId);
  if (!['RESERVED', 'PENDING', 'EXPIRED'].includes(reservation.state)) {
    return reject('RECEIPT_PAYLOAD_INVALID', purchaseId, 'The reservation is already bound to another store transaction.');
  }
  const recorded = await recordVerification(tx, reservation, verificationUpdate(v), now);
  if (!recorded) {
    // Another instance recorded this reservation between our read and our update (PostgreSQL
    // re-checks the WHERE after the other commit): if it was this very receipt, it is a replay.
    const now = await findPurchaseByStoreTransaction(tx, v.market, v.storeTransactionId);
    if (now && now.purchase_id === purchaseId && now.user_key === claims.userKey) return { row: now };
    return reject('RECEIPT_PAYLOAD_INVALID', purchaseId, 'The reservation is already bound to another store transaction.');
  }
  return { row: recorded };
}

function verificationUpdate(v: VerifiedReceipt): VerificationUpdate {
  return {
    state: v.state === 'PURCHASED' ? 'VERIFIED' : 'PENDING',
    storeTransactionId: v.storeTransactionId,
    purchaseToken: v.purchaseToken,
    quantity: v.quantity,
    environment: v.environment,
    test: v.test,
    testUnknown: v.testUnknown === true,
    charged: v.charged,
    storeFinished: v.storeFinished,
    purchaseTime: v.purchaseTimeMs,
    decoded: JSON.stringify(v.decoded),
  };
}

/**
 * PostgreSQL, the common case (a reservation's first receipt): one statement, one round trip
 * (storage/repos/verification-statement.ts). Undefined whenever the statement did not record the
 * receipt (a replay, a taken store transaction, any failed check): the step-by-step path below
 * then decides, and rejects, exactly as before.
 */
async function recordInOneStatement(ctx: BillingContext, tx: SqlExecutor, auth: SessionAuth, v: VerifiedReceipt, now: number): Promise<Outcome | undefined> {
  const purchaseId = boundPurchaseId(v);
  if (!purchaseId) return undefined;
  const { app, claims } = auth;
  const accountMatches = !v.binding.obfuscatedAccountId || v.binding.obfuscatedAccountId === obfuscatedAccountId(ctx.keys, app.app_key, claims.userKey);
  const result = await recordFirstVerification(tx, {
    purchaseId,
    appKey: app.app_key,
    userKey: claims.userKey,
    market: v.market,
    marketProductId: v.marketProductId,
    allowed: accountMatches && v.state !== 'CANCELED',
    update: verificationUpdate(v),
  }, now);
  if (!result?.recorded) return undefined;
  const fields = { appKey: app.app_key, userKey: claims.userKey, productId: result.prior.product_id, market: v.market, purchaseId, expiresAt: Number(result.prior.expires_at) };
  for (const token of [v.binding.developerPayload, v.binding.obfuscatedProfileId]) {
    if (token && bindingTokenPurchaseId(token) && !checkBindingToken(ctx.keys, token, fields)) {
      await result.undo();
      return undefined;
    }
  }
  return { row: result.recorded };
}

/** The reservation a receipt names: our MAC token (payload / profile id) or Apple's appAccountToken. */
function boundPurchaseId(v: VerifiedReceipt): string | undefined {
  const id = macBoundPurchaseId(v);
  if (id) return id;
  const uuid = v.binding.appAccountToken?.toLowerCase();
  return uuid && UUID.test(uuid) ? uuid : undefined;
}

/** The reservation our MAC token (developer payload / obfuscatedProfileId) names. */
function macBoundPurchaseId(v: VerifiedReceipt): string | undefined {
  for (const token of [v.binding.developerPayload, v.binding.obfuscatedProfileId]) {
    const id = token ? bindingTokenPurchaseId(token) : undefined;
    if (id) return id;
  }
  return undefined;
}

function digest(receipt: unknown): string {
  return createHash('sha256').update(JSON.stringify(receipt) ?? '').digest('hex');
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string; cause?: { code?: string } } | undefined)?.code ?? (error as { cause?: { code?: string } })?.cause?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
