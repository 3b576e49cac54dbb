/**
 * Just enough DER to list a certificate's extension OIDs: node's X509Certificate does not
 * expose arbitrary extensions, and Apple's marker OIDs must be found in the extensions
 * (not anywhere in the bytes, where a subject name could smuggle them in).
 */
interface Tlv {
  tag: number;
  start: number;
  end: number;
}

function readTlv(buf: Buffer, offset: number, limit: number): Tlv {
  if (offset + 2 > limit) throw new Error('DER truncated');
  const tag = buf[offset]!;
  let length = buf[offset + 1]!;
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || start + count > limit) throw new Error('DER length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buf[start + i]!;
    start += count;
  }
  const end = start + length;
  if (end > limit) throw new Error('DER overrun');
  return { tag, start, end };
}

function children(buf: Buffer, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let offset = parent.start; offset < parent.end; ) {
    const tlv = readTlv(buf, offset, parent.end);
    out.push(tlv);
    offset = tlv.end;
  }
  return out;
}

/** Dotted OIDs of the certificate's v3 extensions. Throws on malformed DER. */
export function extensionOids(der: Buffer): string[] {
  const cert = readTlv(der, 0, der.length);
  const tbs = children(der, cert)[0];
  if (!tbs) throw new Error('DER: no tbsCertificate');
  const extsWrapper = children(der, tbs).find((t) => t.tag === 0xa3);
  if (!extsWrapper) return [];
  const extSeq = children(der, extsWrapper)[0];
  if (!extSeq) return [];
  return children(der, extSeq).map((ext) => {
    const oid = children(der, ext)[0];
    if (!oid || oid.tag !== 0x06) throw new Error('DER: extension without OID');
    return decodeOid(der.subarray(oid.start, oid.end));
  });
}

function decodeOid(bytes: Buffer): string {
  const parts: number[] = [];
  let value = 0;
  for (const byte of bytes) {
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  const first = parts.shift() ?? 0;
  const head = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
  return [...head, ...parts].join('.');
}
