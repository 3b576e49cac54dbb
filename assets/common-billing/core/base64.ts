/**
 * Base64 and UTF-8 without `Buffer`, `atob`/`btoa` or `TextEncoder`/`TextDecoder`: the SDK
 * runs in Cocos' native JS VMs, where none of them is guaranteed to exist.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function bytesToBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!, b = bytes[i + 1], c = bytes[i + 2];
    out += ALPHABET[a >> 2]! + ALPHABET[((a & 3) << 4) | ((b ?? 0) >> 4)]!;
    out += b === undefined ? '=' : ALPHABET[((b & 15) << 2) | ((c ?? 0) >> 6)]!;
    out += c === undefined ? '=' : ALPHABET[c & 63]!;
  }
  return out;
}

/** Strict decoder: returns null for anything that is not canonical padded base64. */
export function base64ToBytes(text: string): Uint8Array | null {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
  const out: number[] = [];
  // Each character adds 6 bits; a byte is taken out whenever 8 are waiting.
  let waiting = 0;
  let bits = 0;
  for (const char of text) {
    if (char === '=') break;
    bits = (bits << 6) | ALPHABET.indexOf(char);
    waiting += 6;
    if (waiting >= 8) {
      waiting -= 8;
      out.push((bits >> waiting) & 255);
    }
  }
  return Uint8Array.from(out);
}

/**
 * UTF-8 through encodeURIComponent, which every JS engine has (TextEncoder is a web API
 * that Cocos' native VMs may not provide): ASCII comes out as is, every other byte as %XX.
 * A lone surrogate is not text: URIError.
 */
export function utf8Encode(text: string): Uint8Array {
  const escaped = encodeURIComponent(text);
  const out: number[] = [];
  for (let i = 0; i < escaped.length; i++) {
    if (escaped[i] === '%') {
      out.push(parseInt(escaped.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      out.push(escaped.charCodeAt(i));
    }
  }
  return Uint8Array.from(out);
}

/** Strict UTF-8 decoding (decodeURIComponent refuses overlong, surrogate and cut sequences); null on malformed input. */
export function utf8Decode(bytes: Uint8Array): string | null {
  let escaped = '';
  for (const byte of bytes) escaped += (byte < 16 ? '%0' : '%') + byte.toString(16);
  try {
    return decodeURIComponent(escaped);
  } catch {
    return null;
  }
}
