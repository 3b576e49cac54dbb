/**
 * AES-256-GCM (FIPS-197 AES, NIST SP 800-38D GCM) for exactly one job: sealing and opening
 * the market public key (DESIGN.md §6) — a 32-byte key, a 12-byte nonce, a 16-byte tag, a
 * few hundred bytes of data once per login. It is written for size, not speed (it ships in
 * the SDK's 12 KiB budget, where a general cipher library took 3.4 KiB and built 640 KiB of
 * lookup tables at load): the S-box is derived once on first use, GHASH multiplies bit by
 * bit. Its output is checked against OpenSSL (node:crypto) in tests/sdk/aes-gcm.spec.ts.
 * The tag check is constant-time; the S-box lookups are not, like any table-driven AES in
 * JavaScript. That is acceptable here: the data key is handed to this device by the server,
 * the plaintext is a public key, and the server verifies every receipt regardless.
 */
const BLOCK = 16;
const TAG_BYTES = 16;
let sbox: Uint8Array | undefined;

/** Multiplication by x in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1. */
const xtime = (a: number): number => ((a << 1) ^ (a & 0x80 ? 0x1b : 0)) & 0xff;

function gfMul(a: number, b: number): number {
  let product = 0;
  for (; b; b >>= 1, a = xtime(a)) if (b & 1) product ^= a;
  return product;
}

/** FIPS-197 §5.1.1: the multiplicative inverse (a^254), then the affine transformation. */
function substitutionBox(): Uint8Array {
  const box = new Uint8Array(256);
  for (let a = 0; a < 256; a++) {
    let inverse = 1;
    for (let e = 0; e < 254; e++) inverse = gfMul(inverse, a);
    let out = inverse ^ 0x63;
    for (let shift = 1; shift < 5; shift++) out ^= ((inverse << shift) | (inverse >> (8 - shift))) & 0xff;
    box[a] = out;
  }
  return box;
}

/** FIPS-197 §5.2 for Nk = 8: 15 round keys of 16 bytes. */
function expandKey(key: Uint8Array, box: Uint8Array): Uint8Array {
  const w = new Uint8Array(240);
  w.set(key);
  for (let i = 32, rcon = 1; i < 240; i += 4) {
    let t = [w[i - 4]!, w[i - 3]!, w[i - 2]!, w[i - 1]!];
    if (i % 32 === 0) {
      t = [box[t[1]!]! ^ rcon, box[t[2]!]!, box[t[3]!]!, box[t[0]!]!];
      rcon = xtime(rcon);
    } else if (i % 32 === 16) {
      t = t.map((b) => box[b]!);
    }
    for (let k = 0; k < 4; k++) w[i + k] = w[i - 32 + k]! ^ t[k]!;
  }
  return w;
}

/** FIPS-197 §5.1: the state is column-major (byte r of column c at r + 4c), as the input. */
function encryptBlock(roundKeys: Uint8Array, box: Uint8Array, input: Uint8Array): Uint8Array {
  let state = input.map((b, i) => b ^ roundKeys[i]!);
  for (let round = 1; round <= 14; round++) {
    const next = new Uint8Array(BLOCK);
    // SubBytes and ShiftRows: row r moves r columns to the left.
    for (let i = 0; i < BLOCK; i++) next[i] = box[state[(i + 4 * (i & 3)) & 15]!]!;
    // MixColumns (not in the last round): b_r = a_r ^ (a0 ^ a1 ^ a2 ^ a3) ^ 2·(a_r ^ a_{r+1}).
    for (let c = 0; round < 14 && c < BLOCK; c += 4) {
      const a = next.slice(c, c + 4);
      const all = a[0]! ^ a[1]! ^ a[2]! ^ a[3]!;
      for (let r = 0; r < 4; r++) next[c + r] = a[r]! ^ all ^ xtime(a[r]! ^ a[(r + 1) & 3]!);
    }
    state = next.map((b, i) => b ^ roundKeys[16 * round + i]!);
  }
  return state;
}

/** SP 800-38D §6.3: X·Y in GF(2^128), bits numbered from the most significant of byte 0. */
function ghashMul(x: Uint8Array, y: Uint8Array): Uint8Array {
  const z = new Uint8Array(BLOCK);
  const v = y.slice();
  for (let i = 0; i < 128; i++) {
    if ((x[i >> 3]! >> (7 - (i & 7))) & 1) for (let k = 0; k < BLOCK; k++) z[k] = z[k]! ^ v[k]!;
    const carry = v[15]! & 1;
    for (let k = 15; k > 0; k--) v[k] = (v[k]! >> 1) | ((v[k - 1]! & 1) << 7);
    v[0] = (v[0]! >> 1) ^ (carry ? 0xe1 : 0);
  }
  return z;
}

/** SP 800-38D §6.4 over A and C (each zero-padded to whole blocks), then their bit lengths. */
function ghash(h: Uint8Array, aad: Uint8Array, data: Uint8Array): Uint8Array {
  let x: Uint8Array = new Uint8Array(BLOCK);
  const absorb = (bytes: Uint8Array) => {
    for (let i = 0; i < bytes.length; i += BLOCK) {
      const block = new Uint8Array(BLOCK);
      block.set(bytes.subarray(i, i + BLOCK));
      x = ghashMul(block.map((b, k) => b ^ x[k]!), h);
    }
  };
  const lengths = new Uint8Array(BLOCK);
  const view = new DataView(lengths.buffer);
  // Bit lengths as 64-bit big-endian numbers; our inputs are far below 2^32 bits.
  view.setUint32(4, aad.length * 8);
  view.setUint32(12, data.length * 8);
  absorb(aad);
  absorb(data);
  absorb(lengths);
  return x;
}

interface Gcm {
  /** SP 800-38D §6.5 GCTR from inc32(J0), J0 = nonce || 1: encrypts and decrypts alike. */
  ctr(data: Uint8Array): Uint8Array;
  tag(ciphertext: Uint8Array): Uint8Array;
}

function gcm(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array): Gcm {
  if (key.length !== 32 || nonce.length !== 12) throw new Error('AES-256-GCM needs a 32-byte key and a 12-byte nonce');
  const box = (sbox ??= substitutionBox());
  const roundKeys = expandKey(key, box);
  const counterBlock = (n: number) => {
    const block = new Uint8Array(BLOCK);
    block.set(nonce);
    new DataView(block.buffer).setUint32(12, n);
    return encryptBlock(roundKeys, box, block);
  };
  return {
    ctr(data) {
      const out = new Uint8Array(data.length);
      for (let i = 0; i < data.length; i += BLOCK) {
        const keystream = counterBlock(2 + i / BLOCK);
        for (let k = 0; k < BLOCK && i + k < data.length; k++) out[i + k] = data[i + k]! ^ keystream[k]!;
      }
      return out;
    },
    tag(ciphertext) {
      const mask = counterBlock(1);
      return ghash(encryptBlock(roundKeys, box, new Uint8Array(BLOCK)), aad, ciphertext).map((b, i) => b ^ mask[i]!);
    },
  };
}

/** Ciphertext followed by the 16-byte tag. */
export function sealAesGcm(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, plain: Uint8Array): Uint8Array {
  const cipher = gcm(key, nonce, aad);
  const data = cipher.ctr(plain);
  const sealed = new Uint8Array(data.length + TAG_BYTES);
  sealed.set(data);
  sealed.set(cipher.tag(data), data.length);
  return sealed;
}

/** Checks the tag (in constant time) before anything is decrypted; throws when it does not match. */
export function openAesGcm(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array {
  if (sealed.length < TAG_BYTES) throw new Error('AES-GCM: the ciphertext is shorter than its tag');
  const cipher = gcm(key, nonce, aad);
  const data = sealed.subarray(0, sealed.length - TAG_BYTES);
  const expected = cipher.tag(data);
  let difference = 0;
  for (let i = 0; i < TAG_BYTES; i++) difference |= expected[i]! ^ sealed[data.length + i]!;
  if (difference !== 0) throw new Error('AES-GCM: the tag does not match');
  return cipher.ctr(data);
}
