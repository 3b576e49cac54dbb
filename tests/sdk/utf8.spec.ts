import { expect } from 'chai';
import { utf8Decode, utf8Encode } from '../../assets/common-billing/core/base64';

/**
 * The SDK's UTF-8 rides on encodeURIComponent / decodeURIComponent (no TextEncoder in Cocos'
 * native VMs). These are the edges that the round trip in tests/protocol does not reach.
 */
describe('SDK UTF-8 edges', () => {
  it('encodes every code point width like Node and reads it back', () => {
    for (const s of ['\u007f', '\u0080', '\u07ff', '\u0800', '\ud7ff', '\ue000', '\u{10000}', '\u{10ffff}', "-_.!~*'()%"]) {
      expect(Buffer.from(utf8Encode(s))).to.deep.equal(Buffer.from(s, 'utf8'));
      expect(utf8Decode(utf8Encode(s))).to.equal(s);
    }
  });

  it('refuses overlong, out-of-range and cut sequences', () => {
    const bad = [[0xe0, 0x80, 0x80], [0xf0, 0x80, 0x80, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf0, 0x9f, 0x9a], [0x80], [0xc2]];
    for (const bytes of bad) expect(utf8Decode(Uint8Array.from(bytes)), bytes.join(',')).to.equal(null);
  });

  it('refuses to encode a lone surrogate (it is not text)', () => {
    expect(() => utf8Encode('key\ud800')).to.throw(URIError);
    expect(() => utf8Encode('\udc00')).to.throw(URIError);
  });
});
