import { X509Certificate, type KeyObject } from 'node:crypto';
import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';
import { extensionOids } from './der';
import { APP_STORE_MARKET_ID } from './config';

export const LEAF_MARKER_OID = '1.2.840.113635.100.6.11.1';
export const INTERMEDIATE_MARKER_OID = '1.2.840.113635.100.6.2.1';
/** Certificate dates are compared with 60 s of skew, like Apple's verifier. */
const MAX_SKEW_MS = 60_000;
const MAX_CACHED_CHAINS = 64;

/** A chain that passed every structural check; dates are checked per use (they depend on signedDate). */
interface VerifiedChain {
  leafKey: KeyObject;
  /** The intersection of the leaf, intermediate and root validity windows. */
  notBeforeMs: number;
  notAfterMs: number;
}

/**
 * Verifies x5c[0] (leaf) and x5c[1] (intermediate) against configured roots, the way Apple's
 * SignedDataVerifier does, and remembers chains that passed. The cache key is the exact
 * base64 of both certificates, so a cached entry can only be reused for identical bytes;
 * the cache is bounded (oldest out first).
 */
export class AppleChainVerifier {
  private readonly roots: X509Certificate[];
  private readonly cache = new Map<string, VerifiedChain>();

  constructor(roots: X509Certificate[]) {
    this.roots = roots;
  }

  /** The leaf public key, or a BillingError (RECEIPT_CHAIN_INVALID / RECEIPT_CERTIFICATE_EXPIRED / RECEIPT_MALFORMED). */
  leafKeyAt(leafB64: string, intermediateB64: string, effectiveMs: number): KeyObject {
    const key = `${leafB64}.${intermediateB64}`;
    let chain = this.cache.get(key);
    if (!chain) {
      chain = this.verifyChain(leafB64, intermediateB64);
      if (this.cache.size >= MAX_CACHED_CHAINS) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(key, chain);
    }
    if (chain.notBeforeMs > effectiveMs + MAX_SKEW_MS || chain.notAfterMs < effectiveMs - MAX_SKEW_MS) {
      throw fail('RECEIPT_CERTIFICATE_EXPIRED', 'A certificate of the chain was not valid at signedDate.');
    }
    return chain.leafKey;
  }

  get cachedChains(): number {
    return this.cache.size;
  }

  private verifyChain(leafB64: string, intermediateB64: string): VerifiedChain {
    const leaf = parseCertificate(leafB64);
    const intermediate = parseCertificate(intermediateB64);
    const root = this.roots.find((r) => intermediate.issuer === r.subject && intermediate.verify(r.publicKey));
    if (!root) throw fail('RECEIPT_CHAIN_INVALID', 'The intermediate is not issued by a trusted root.');
    if (leaf.issuer !== intermediate.subject || !leaf.verify(intermediate.publicKey)) {
      throw fail('RECEIPT_CHAIN_INVALID', 'The leaf is not issued by the intermediate.');
    }
    if (!intermediate.ca) throw fail('RECEIPT_CHAIN_INVALID', 'The intermediate is not a CA.');
    if (!hasExtension(leaf, LEAF_MARKER_OID)) throw fail('RECEIPT_CHAIN_INVALID', 'The leaf lacks Apple\u2019s receipt-signing marker.');
    if (!hasExtension(intermediate, INTERMEDIATE_MARKER_OID)) throw fail('RECEIPT_CHAIN_INVALID', 'The intermediate lacks Apple\u2019s WWDR marker.');
    const certs = [leaf, intermediate, root];
    return {
      leafKey: leaf.publicKey,
      notBeforeMs: Math.max(...certs.map((c) => Date.parse(c.validFrom))),
      notAfterMs: Math.min(...certs.map((c) => Date.parse(c.validTo))),
    };
  }
}

function parseCertificate(b64: string): X509Certificate {
  try {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) throw new Error('not base64');
    return new X509Certificate(Buffer.from(b64, 'base64'));
  } catch (cause) {
    throw new BillingError('RECEIPT_CHAIN_INVALID', 'An x5c entry is not a certificate.', { details: { market: APP_STORE_MARKET_ID }, cause });
  }
}

function hasExtension(cert: X509Certificate, oid: string): boolean {
  try {
    return extensionOids(cert.raw).includes(oid);
  } catch {
    return false;
  }
}

function fail(code: 'RECEIPT_CHAIN_INVALID' | 'RECEIPT_CERTIFICATE_EXPIRED', message: string): BillingError {
  return new BillingError(code, message, { details: { market: APP_STORE_MARKET_ID } });
}
