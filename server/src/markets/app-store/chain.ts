import { createHash, X509Certificate, type KeyObject } from 'node:crypto';
import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';
import { extensionOids } from './der';
import { APP_STORE_MARKET_ID } from './config';
import { BoundedCache } from '../shared/bounded-cache';

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
 * Chains that passed, shared by all verifiers (a market service may be created per request).
 * The key is the fingerprint of the trusted root set plus the exact base64 of leaf and
 * intermediate, so an entry is only reused for identical bytes under identical roots.
 */
const verifiedChains = new BoundedCache<string, VerifiedChain>(MAX_CACHED_CHAINS);

/**
 * Verifies x5c[0] (leaf) and x5c[1] (intermediate) against configured roots, the way Apple's
 * SignedDataVerifier does, and remembers chains that passed (bounded, oldest out first).
 */
export class AppleChainVerifier {
  private readonly roots: X509Certificate[];
  private readonly rootsKey: string;

  constructor(roots: X509Certificate[]) {
    this.roots = roots;
    const hash = createHash('sha256');
    for (const root of roots) hash.update(root.raw);
    this.rootsKey = hash.digest('base64url');
  }

  /** The leaf public key, or a BillingError (RECEIPT_CHAIN_INVALID / RECEIPT_CERTIFICATE_EXPIRED / RECEIPT_MALFORMED). */
  leafKeyAt(leafB64: string, intermediateB64: string, effectiveMs: number): KeyObject {
    const key = `${this.rootsKey}.${leafB64}.${intermediateB64}`;
    let chain = verifiedChains.get(key);
    if (!chain) {
      chain = this.verifyChain(leafB64, intermediateB64);
      verifiedChains.set(key, chain);
    }
    if (chain.notBeforeMs > effectiveMs + MAX_SKEW_MS || chain.notAfterMs < effectiveMs - MAX_SKEW_MS) {
      throw fail('RECEIPT_CERTIFICATE_EXPIRED', 'A certificate of the chain was not valid at signedDate.');
    }
    return chain.leafKey;
  }

  /** Cached chains under this verifier's roots (all verifiers share one bounded cache). */
  get cachedChains(): number {
    return verifiedChains.count((key) => key.startsWith(`${this.rootsKey}.`));
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
