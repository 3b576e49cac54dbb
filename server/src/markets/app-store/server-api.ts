import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';
import type { MarketContext, StorePurchaseRef, StorePurchaseStatus, StoreServerApi } from '../types';
import { notConfigured } from '../shared/config';
import { storeHttpError, transient, type StoreCallPhase } from '../shared/store-http-errors';
import { acceptedEnvironments, APP_STORE_MARKET_ID, APPLE_API_BASE, type AppStoreServerApiConfig } from './config';
import type { StoreKitJwsVerifier } from './jws-verifier';
import { toVerifiedTransaction, type AppStoreTransactionConfig } from './transaction';

/** Apple's library signs 5-minute tokens; we re-sign one a minute before that. */
const TOKEN_LIFETIME_S = 300;
/** errorCode values that mean "this transaction does not exist here". */
const NOT_FOUND_CODES = new Set([4000006, 4040010]);

/**
 * App Store Server API: Get Transaction Info (`GET /inApps/v1/transactions/{id}`) with an
 * ES256 bearer JWT ({iss, iat, exp, aud: appstoreconnect-v1, bid}, header kid). The answer's
 * signedTransactionInfo goes through the same JWS verifier as device receipts.
 */
export class AppStoreServerApi implements StoreServerApi {
  private readonly key: KeyObject;
  private readonly baseUrl: string;
  /** Where a transaction the production API does not know is looked up next (Sandbox accepted). */
  private readonly sandboxUrl?: string;
  private token?: { jwt: string; expiresAtS: number };

  constructor(
    private readonly api: AppStoreServerApiConfig,
    private readonly config: AppStoreTransactionConfig,
    private readonly jws: StoreKitJwsVerifier,
    private readonly ctx: Pick<MarketContext, 'now' | 'fetch'>,
  ) {
    try {
      this.key = createPrivateKey(api.privateKeyPem);
    } catch (cause) {
      throw notConfigured(APP_STORE_MARKET_ID, 'serverApi.privateKeyPem', cause);
    }
    if (this.key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') throw notConfigured(APP_STORE_MARKET_ID, 'serverApi.privateKeyPem');
    this.baseUrl = (api.baseUrl ?? APPLE_API_BASE[config.environment]).replace(/\/+$/, '');
    if (config.environment === 'Production' && acceptedEnvironments(config).includes('Sandbox')) {
      this.sandboxUrl = (api.sandboxBaseUrl ?? APPLE_API_BASE.Sandbox).replace(/\/+$/, '');
    }
  }

  /** The transaction as Apple reports it now (refunds show as revocationDate). */
  async getPurchase(ref: StorePurchaseRef, phase: StoreCallPhase = 'api'): Promise<StorePurchaseStatus> {
    const payload = await this.transactionInfo(ref.storeTransactionId, phase);
    const refunded = typeof payload.revocationDate === 'number';
    return { state: refunded ? 'REFUNDED' : 'PURCHASED', acknowledged: true, consumed: false, test: payload.environment !== 'Production', raw: payload };
  }

  /**
   * Verified, decoded JWSTransaction for a transaction id. A Production app that accepts
   * Sandbox asks the sandbox API when production does not know the id (Apple's guidance for
   * App Review: production first, then sandbox).
   */
  async transactionInfo(transactionId: string, phase: StoreCallPhase): Promise<Record<string, unknown>> {
    const body = await this.getForTransaction(`/inApps/v1/transactions/${numericId(transactionId)}`, phase);
    if (typeof body.signedTransactionInfo !== 'string') throw transient(APP_STORE_MARKET_ID, phase, new Error('no signedTransactionInfo'));
    const payload = this.jws.verifyAndDecode(body.signedTransactionInfo);
    toVerifiedTransaction(payload, this.config);
    if (payload.transactionId !== transactionId) {
      throw new BillingError('RECEIPT_STORE_REJECTED', 'The store answered with another transaction.', { details: { market: APP_STORE_MARKET_ID } });
    }
    return payload;
  }

  /**
   * Get All Subscription Statuses (`GET /inApps/v1/subscriptions/{transactionId}`, App Store
   * Server API): the raw StatusResponse `{environment, bundleId, appAppleId, data[]}`. Its
   * signed members are verified by the caller (subscription-api.ts), with the same sandbox
   * fallback as Get Transaction Info.
   */
  async subscriptionStatuses(transactionId: string, phase: StoreCallPhase): Promise<Record<string, unknown>> {
    return this.getForTransaction(`/inApps/v1/subscriptions/${numericId(transactionId)}`, phase);
  }

  private async getForTransaction(path: string, phase: StoreCallPhase): Promise<Record<string, unknown>> {
    try {
      return await this.getJson(this.baseUrl, path, phase);
    } catch (error) {
      const notFound = error instanceof BillingError && (error.details as { status?: number } | undefined)?.status === 404;
      if (!this.sandboxUrl || !notFound) throw error;
      return this.getJson(this.sandboxUrl, path, phase);
    }
  }

  private async getJson(baseUrl: string, path: string, phase: StoreCallPhase): Promise<Record<string, unknown>> {
    let response: Response;
    try {
      response = await this.ctx.fetch(`${baseUrl}${path}`, {
        headers: { authorization: `Bearer ${this.bearer()}`, accept: 'application/json' },
      });
    } catch (cause) {
      throw transient(APP_STORE_MARKET_ID, phase, cause);
    }
    const body = (await response.json().catch(() => undefined)) as unknown;
    const object = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
    if (!response.ok) {
      const code = typeof object?.errorCode === 'number' ? object.errorCode : undefined;
      const status = code !== undefined && NOT_FOUND_CODES.has(code) ? 404 : response.status;
      throw storeHttpError(APP_STORE_MARKET_ID, phase, status, code === undefined ? undefined : String(code));
    }
    if (!object) throw transient(APP_STORE_MARKET_ID, phase, new Error('the answer is not a JSON object'));
    return object;
  }

  private bearer(): string {
    const nowS = Math.floor(this.ctx.now() / 1000);
    if (this.token && this.token.expiresAtS - 60 > nowS) return this.token.jwt;
    const encode = (obj: object) => Buffer.from(JSON.stringify(obj)).toString('base64url');
    const input = `${encode({ alg: 'ES256', kid: this.api.keyId, typ: 'JWT' })}.${encode({
      iss: this.api.issuerId, iat: nowS, exp: nowS + TOKEN_LIFETIME_S, aud: 'appstoreconnect-v1', bid: this.config.bundleId,
    })}`;
    const signature = sign('sha256', Buffer.from(input), { key: this.key, dsaEncoding: 'ieee-p1363' }).toString('base64url');
    this.token = { jwt: `${input}.${signature}`, expiresAtS: nowS + TOKEN_LIFETIME_S };
    return this.token.jwt;
  }
}

function numericId(transactionId: string): string {
  if (!/^\d{1,32}$/.test(transactionId)) throw new BillingError('RECEIPT_MALFORMED', 'transactionId is not numeric.');
  return transactionId;
}
