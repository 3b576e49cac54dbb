import { base64ToBytes, bytesToBase64 } from '../../../../assets/common-billing/core/base64';
import { fieldError } from './field-error';

/**
 * Checks that a pasted market public key is what Google Play, ONE store and Naver hand out:
 * base64 of a DER X.509 SubjectPublicKeyInfo holding an RSA key. A plain DER walk (no Node
 * crypto) so the same check runs in the editor's renderer, in Chromium and in Node.
 */
const RSA_ENCRYPTION_OID = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
const MIN_MODULUS_BITS = 1024;

interface Tlv { tag: number; start: number; end: number }

/** Returns the key as one canonical base64 line (PEM armour and whitespace removed). */
export function normalizeRsaPublicKey(input: string, field: string): { base64: string; modulusBits: number } {
  const text = input.replace(/-----(BEGIN|END) [A-Z ]+-----/g, '').replace(/\s+/g, '');
  const der = text ? base64ToBytes(text) : null;
  if (!der || der.length === 0) throw fieldError(field, 'public-key-not-base64', 'The public key is not base64.');
  const modulusBits = rsaModulusBits(der, field);
  if (modulusBits < MIN_MODULUS_BITS) {
    throw fieldError(field, 'public-key-too-small', `The RSA key has ${modulusBits} bits; at least ${MIN_MODULUS_BITS} are needed.`);
  }
  return { base64: bytesToBase64(der), modulusBits };
}

function rsaModulusBits(der: Uint8Array, field: string): number {
  const notSpki = () => fieldError(field, 'public-key-not-spki', 'The public key is not an X.509 SubjectPublicKeyInfo (base64 DER).');
  const spki = readTlv(der, 0, der.length);
  if (!spki || spki.tag !== 0x30 || spki.end !== der.length) throw notSpki();
  const algorithm = readTlv(der, spki.start, spki.end);
  if (!algorithm || algorithm.tag !== 0x30) throw notSpki();
  const oid = readTlv(der, algorithm.start, algorithm.end);
  if (!oid || oid.tag !== 0x06) throw notSpki();
  const bitString = readTlv(der, algorithm.end, spki.end);
  if (!bitString || bitString.tag !== 0x03 || bitString.end !== spki.end) throw notSpki();
  if (!sameBytes(der.subarray(oid.start, oid.end), RSA_ENCRYPTION_OID)) {
    throw fieldError(field, 'public-key-not-rsa', 'The public key is not an RSA key.');
  }
  if (der[bitString.start] !== 0) throw notSpki();
  const rsaKey = readTlv(der, bitString.start + 1, bitString.end);
  if (!rsaKey || rsaKey.tag !== 0x30 || rsaKey.end !== bitString.end) throw notSpki();
  const modulus = readTlv(der, rsaKey.start, rsaKey.end);
  const exponent = modulus && readTlv(der, modulus.end, rsaKey.end);
  if (!modulus || !exponent || modulus.tag !== 0x02 || exponent.tag !== 0x02 || exponent.end !== rsaKey.end) throw notSpki();
  let first = modulus.start;
  while (first < modulus.end && der[first] === 0) first++;
  if (first === modulus.end) throw notSpki();
  return (modulus.end - first - 1) * 8 + (32 - Math.clz32(der[first]!));
}

/** One DER tag-length-value inside [from, limit), or null when it does not fit. */
function readTlv(der: Uint8Array, from: number, limit: number): Tlv | null {
  if (from + 2 > limit) return null;
  const tag = der[from]!;
  let length = der[from + 1]!;
  let start = from + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 3 || start + count > limit) return null;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[start + i]!;
    start += count;
  }
  const end = start + length;
  return end <= limit ? { tag, start, end } : null;
}

function sameBytes(a: Uint8Array, b: readonly number[]): boolean {
  return a.length === b.length && b.every((v, i) => a[i] === v);
}
