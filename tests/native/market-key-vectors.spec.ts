import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openMarketKey } from '../../extensions/common-billing/src/settings/market-key-seal';

interface Vector { name: string; plain?: string; marketKey: { sealed: string; dataKey: string; appKey: string; market: string } }
const vectors = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'market-key', 'vectors.json'), 'utf8')) as { opens: Vector[]; refused: Vector[] };

/**
 * The vectors JUnit's MarketKeyTest opens with javax.crypto on the JVM hold for the editor's own
 * open too, so the two sides agree on every one (written by tests/native/transcripts/generate.ts).
 */
describe('market-key vectors: the editor (Node crypto) and the device (javax.crypto) agree', () => {
  for (const v of vectors.opens) {
    it(`opens: ${v.name}`, () => {
      const { sealed, dataKey, appKey, market } = v.marketKey;
      expect(openMarketKey(sealed, dataKey, appKey, market)).to.equal(v.plain);
    });
  }
  for (const v of vectors.refused) {
    it(`refuses: ${v.name}`, () => {
      const { sealed, dataKey, appKey, market } = v.marketKey;
      expect(() => openMarketKey(sealed, dataKey, appKey, market)).to.throw().with.property('code', 'MARKET_KEY_INVALID');
    });
  }
});
