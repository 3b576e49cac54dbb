import { KeyObject, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

/** Apple's marker extensions (value DER NULL, as on the real certificates). */
export const LEAF_MARKER_OID = '1.2.840.113635.100.6.11.1';
export const INTERMEDIATE_MARKER_OID = '1.2.840.113635.100.6.2.1';
const DER_NULL = new Uint8Array([0x05, 0x00]);

const P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const P384 = { name: 'ECDSA', namedCurve: 'P-384' } as const;
const DAY = 86_400_000;

export interface ApplePkiOptions {
  /** Reference instant; certificates are valid around it (default: now). */
  at?: number;
  leafMarker?: boolean;
  intermediateMarker?: boolean;
  intermediateIsCa?: boolean;
  /** Leaf validity window relative to `at` in days (default [-30, 365]). */
  leafValidityDays?: [number, number];
  /** Leaf key curve: real leaves are P-256 (ES256); P-384 exercises a wrong-curve leaf. */
  leafCurve?: 'P-256' | 'P-384';
  /** Name prefix of the subjects (same by default, so a foreign PKI looks alike). */
  name?: string;
  /** Issue under this PKI's root (a variant chain that the same configured root trusts). */
  parent?: ApplePki;
  /** With `parent`: also reuse its intermediate and only issue a new leaf. */
  reuseIntermediate?: boolean;
}

export interface ApplePki {
  rootDer: Buffer;
  rootPem: string;
  intermediateDer: Buffer;
  leafDer: Buffer;
  /** The leaf's private key, the one that signs JWS. */
  leafKey: KeyObject;
  intermediateKey: CryptoKey;
  rootKey: CryptoKey;
  /** x5c header entries: standard base64 DER, [leaf, intermediate, root]. */
  x5c: [string, string, string];
}

/**
 * A test PKI shaped like Apple's StoreKit chain: EC P-384 root (self-signed CA), P-384
 * intermediate (CA, pathlen 0, marker 1.2.840.113635.100.6.2.1) and a P-256 leaf (marker
 * 1.2.840.113635.100.6.11.1). Options switch single properties off to build attack chains.
 */
export async function createApplePki(opts: ApplePkiOptions = {}): Promise<ApplePki> {
  const at = opts.at ?? Date.now();
  const name = opts.name ?? 'Sim Apple';
  if (opts.parent) return issueUnder(opts.parent, at, name, opts);
  const rootKeys = (await webcrypto.subtle.generateKey(P384, true, ['sign', 'verify'])) as CryptoKeyPair;
  const root = await x509.X509CertificateGenerator.createSelfSigned({
    name: `CN=${name} Root CA - G3, OU=Apple Certification Authority, O=Apple Inc., C=US`,
    keys: rootKeys,
    notBefore: new Date(at - 3650 * DAY),
    notAfter: new Date(at + 3650 * DAY),
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-384' },
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
  });
  const intermediate = await issueIntermediate(root.subject, rootKeys.privateKey, at, name, opts);
  const leaf = await issueLeaf(intermediate.cert.subject, intermediate.keys.privateKey, at, name, opts);
  const rootDer = Buffer.from(root.rawData);
  const intermediateDer = Buffer.from(intermediate.cert.rawData);
  const leafDer = Buffer.from(leaf.cert.rawData);
  return {
    rootDer,
    rootPem: root.toString('pem'),
    intermediateDer,
    leafDer,
    leafKey: KeyObject.from(leaf.keys.privateKey),
    intermediateKey: intermediate.keys.privateKey,
    rootKey: rootKeys.privateKey,
    x5c: [leafDer.toString('base64'), intermediateDer.toString('base64'), rootDer.toString('base64')],
  };
}

async function issueUnder(parent: ApplePki, at: number, name: string, opts: ApplePkiOptions): Promise<ApplePki> {
  const rootSubject = new x509.X509Certificate(new Uint8Array(parent.rootDer)).subject;
  let intermediateDer = parent.intermediateDer;
  let intermediateKey = parent.intermediateKey;
  if (!opts.reuseIntermediate) {
    const intermediate = await issueIntermediate(rootSubject, parent.rootKey, at, name, opts);
    intermediateDer = Buffer.from(intermediate.cert.rawData);
    intermediateKey = intermediate.keys.privateKey;
  }
  const leaf = await issueLeaf(new x509.X509Certificate(new Uint8Array(intermediateDer)).subject, intermediateKey, at, name, opts);
  const leafDer = Buffer.from(leaf.cert.rawData);
  return {
    ...parent,
    intermediateDer,
    intermediateKey,
    leafDer,
    leafKey: KeyObject.from(leaf.keys.privateKey),
    x5c: [leafDer.toString('base64'), intermediateDer.toString('base64'), parent.rootDer.toString('base64')],
  };
}

async function issueIntermediate(issuer: string, signingKey: CryptoKey, at: number, name: string, opts: ApplePkiOptions) {
  const keys = (await webcrypto.subtle.generateKey(P384, true, ['sign', 'verify'])) as CryptoKeyPair;
  const extensions: x509.Extension[] = [new x509.BasicConstraintsExtension(opts.intermediateIsCa !== false, opts.intermediateIsCa === false ? undefined : 0, true)];
  if (opts.intermediateMarker !== false) extensions.push(new x509.Extension(INTERMEDIATE_MARKER_OID, false, DER_NULL));
  const cert = await x509.X509CertificateGenerator.create({
    subject: `CN=${name} Worldwide Developer Relations Certification Authority, OU=G6, O=Apple Inc., C=US`,
    issuer,
    publicKey: keys.publicKey,
    signingKey,
    notBefore: new Date(at - 1000 * DAY),
    notAfter: new Date(at + 3000 * DAY),
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-384' },
    extensions,
  });
  return { cert, keys };
}

async function issueLeaf(issuer: string, signingKey: CryptoKey, at: number, name: string, opts: ApplePkiOptions) {
  const keys = (await webcrypto.subtle.generateKey(opts.leafCurve === 'P-384' ? P384 : P256, true, ['sign', 'verify'])) as CryptoKeyPair;
  const [fromDays, toDays] = opts.leafValidityDays ?? [-30, 365];
  const extensions: x509.Extension[] = [new x509.BasicConstraintsExtension(false, undefined, false)];
  if (opts.leafMarker !== false) extensions.push(new x509.Extension(LEAF_MARKER_OID, false, DER_NULL));
  const cert = await x509.X509CertificateGenerator.create({
    subject: `CN=${name} Prod ECC Mac App Store and iTunes Store Receipt Signing, OU=Apple Worldwide Developer Relations, O=Apple Inc., C=US`,
    issuer,
    publicKey: keys.publicKey,
    signingKey,
    notBefore: new Date(at + fromDays * DAY),
    notAfter: new Date(at + toDays * DAY),
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-384' },
    extensions,
  });
  return { cert, keys };
}
