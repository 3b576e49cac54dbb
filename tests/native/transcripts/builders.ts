/**
 * Building blocks for the bridge transcripts under tests/fixtures/bridge/ (format: its README.md).
 * A transcript is the exact message exchange of one transport instance; the Java dispatcher
 * (tests/native/run.sh) and the SDK's TypeScript mock bridge both replay it.
 */
import { createSign, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { sealMarketKey } from '../../../extensions/common-billing/src/settings/market-key-seal';

export const APP_KEY = 'gas-station';

/** connect's `marketKey`: a plain key sealed by the editor's own sealMarketKey under a fresh (or given) data key. */
export function sealedKey(plain: string, market: string, dataKey = randomBytes(32).toString('base64')) {
  return { sealed: sealMarketKey(plain, dataKey, APP_KEY, market, randomBytes(12)), dataKey, appKey: APP_KEY, market };
}

export const REQUEST = 'commonbilling:request';
export const RESPONSE = 'commonbilling:response';
export const EVENT = 'commonbilling:event';

export interface TranscriptMessage {
  to: 'native' | 'script';
  event: string;
  arg: string;
}

export interface Transcript {
  name: string;
  market: string;
  store: Record<string, unknown>;
  messages: TranscriptMessage[];
}

export interface WireError {
  code: string;
  message: string;
  retryable: boolean;
  nativeCode?: number | string;
}

export function wireError(code: string, message: string, retryable: boolean, nativeCode?: number | string): WireError {
  return nativeCode === undefined ? { code, message, retryable } : { code, message, retryable, nativeCode };
}

/** Records one transport instance: request ids count "1", "2", … like the SDK's transport. */
export class Exchange {
  readonly messages: TranscriptMessage[] = [];
  private nextId = 1;

  request(method: string, params: unknown): string {
    const id = String(this.nextId++);
    this.messages.push({ to: 'native', event: REQUEST, arg: JSON.stringify({ id, method, params }) });
    return id;
  }

  /** A request exactly as given (malformed on purpose); it still uses up an id when it has one. */
  rawRequest(arg: string, consumesId: boolean): void {
    if (consumesId) this.nextId++;
    this.messages.push({ to: 'native', event: REQUEST, arg });
  }

  ok(id: string, result: unknown): void {
    this.messages.push({ to: 'script', event: RESPONSE, arg: JSON.stringify({ id, ok: true, result }) });
  }

  fail(id: string, error: WireError): void {
    this.messages.push({ to: 'script', event: RESPONSE, arg: JSON.stringify({ id, ok: false, error }) });
  }

  event(body: Record<string, unknown>): void {
    this.messages.push({ to: 'script', event: EVENT, arg: JSON.stringify(body) });
  }

  /** Calls method and expects the answer; returns the id used. */
  call(method: string, params: unknown, answer: { result: unknown } | { error: WireError }): string {
    const id = this.request(method, params);
    if ('result' in answer) this.ok(id, answer.result);
    else this.fail(id, answer.error);
    return id;
  }
}

export interface SignedPurchase {
  originalJson: string;
  signature: string;
}

/** An RSA-2048 licence key like the Play Console / ONE store Developer Center hand out. */
export class LicenceKey {
  readonly privateKey: KeyObject;
  readonly publicKeyBase64: string;

  constructor() {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = pair.privateKey;
    this.publicKeyBase64 = pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  }

  /** This licence key as connect carries it: sealed for the market, with its data key. */
  marketKey(market: string) {
    return sealedKey(this.publicKeyBase64, market);
  }

  /** Signs the exact JSON bytes: SHA1withRSA (Google) or SHA512withRSA (ONE store). */
  sign(originalJson: string, algorithm: 'sha1' | 'sha512'): SignedPurchase {
    const signer = createSign(algorithm === 'sha1' ? 'RSA-SHA1' : 'RSA-SHA512');
    signer.update(Buffer.from(originalJson, 'utf8'));
    return { originalJson, signature: signer.sign(this.privateKey).toString('base64') };
  }
}

/** A subscription offer's pricing phase, as Play's ProductDetails.PricingPhase reads into the protocol. */
export interface PricingPhase {
  formattedPrice: string;
  priceMicros: number;
  currency: string;
  billingPeriod: string;
  cycles: number;
}

/** A store product as the fake store holds it (already in the bridge's NativeProduct shape). */
export interface StoreProduct {
  productId: string;
  /** Play Billing 8 purchase options / base plans and offers (the Java fake store only; not on the wire). */
  offers?: Array<{ optionId: string; offerId?: string; offerToken: string; phases?: PricingPhase[] }>;
  type: 'consumable' | 'non-consumable' | 'subscription';
  title: string;
  description: string;
  formattedPrice: string;
  priceMicros: number;
  currency: string;
}

export const PRODUCTS: StoreProduct[] = [
  { productId: 'gas_10', type: 'consumable', title: 'Gas 10 L', description: 'Ten litres of GAS.', formattedPrice: '\u20a91,200', priceMicros: 1200000000, currency: 'KRW' },
  { productId: 'gas_50', type: 'consumable', title: 'Gas 50 L', description: 'Fifty litres of GAS.', formattedPrice: '\u20a95,500', priceMicros: 5500000000, currency: 'KRW' },
  { productId: 'car_upgrade', type: 'non-consumable', title: 'Car upgrade', description: 'A bigger tank for your car.', formattedPrice: '\u20a93,300', priceMicros: 3300000000, currency: 'KRW' },
];

export const PURCHASE_PARAMS = {
  productId: 'gas_10',
  type: 'consumable',
  quantity: 1,
  accountId: 'acc-7f3e9a1c',
  profileId: 'prf-0d2b44e1',
  developerPayload: 'cbp1.eyJwIjoiN2YzZTlhMWMifQ.sig',
  appAccountToken: '6f0c2a4e-1b7d-4c55-9a3e-2d8f1e6b7c90',
} as const;

/** The fake-store script shared by both Android markets (see README.md, "store"). */
export interface StoreScript {
  responses?: Partial<Record<'connect' | 'queryProducts' | 'launch' | 'flow' | 'queryPurchases' | 'consume' | 'acknowledge' | 'signIn' | 'updateOrInstall' | 'manage', number[]>>;
  products?: StoreProduct[];
  owned?: SignedPurchase[];
  flowPurchases?: SignedPurchase[];
  /** Checked after the replay: the offer token of each purchase flow the market opened (null: none). */
  expectOfferTokens?: Array<string | null>;
  /** Checked after the replay: "oldToken storeMode" of each purchase flow that replaced a subscription. */
  expectReplacements?: string[];
  /** Checked after the replay: "productId ownedToken" of each subscription management page opened ("null null": the list). */
  expectManaged?: string[];
  /** Checked after the replay: the licence key each store client was built with (what the device opened). */
  expectLicenceKeys?: Array<string | null>;
}

export function transcript(name: string, market: string, store: StoreScript | Record<string, unknown>, exchange: Exchange): Transcript {
  return { name, market, store: store as Record<string, unknown>, messages: exchange.messages };
}
