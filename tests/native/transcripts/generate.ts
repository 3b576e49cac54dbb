/**
 * Writes tests/fixtures/bridge/*.json. Run after changing a transcript definition:
 *   npx tsx tests/native/transcripts/generate.ts
 * Keys are generated on every run, so the signatures change; the messages do not.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { LicenceKey, sealedKey, APP_KEY, type Transcript } from './builders';
import { googlePlayTranscripts } from './google-play';
import { oneStoreTranscripts } from './one-store';
import { appStoreTranscripts } from './app-store';
import { genericTranscripts } from './generic';

const OUT = join(__dirname, '..', '..', 'fixtures', 'bridge');

function fileName(t: Transcript): string {
  return `${t.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}.json`;
}

const all = [...googlePlayTranscripts(new LicenceKey()), ...oneStoreTranscripts(new LicenceKey()), ...appStoreTranscripts(), ...genericTranscripts()];
mkdirSync(OUT, { recursive: true });
for (const old of readdirSync(OUT)) if (old.endsWith('.json')) rmSync(join(OUT, old));
for (const t of all) writeFileSync(join(OUT, fileName(t)), `${JSON.stringify(t, null, 2)}\n`);
console.log(`wrote ${all.length} transcripts to ${OUT}`);

// Market-key vectors sealed by the editor's own sealMarketKey (Node crypto): MarketKeyTest opens
// them with javax.crypto on the JVM, tests/native/market-key-vectors.spec.ts with the editor's open.
const licence = new LicenceKey().publicKeyBase64;
const dataKey = randomBytes(32).toString('base64');
const good = (name: string, plain: string, market: string) => ({ name, plain, marketKey: sealedKey(plain, market, dataKey) });
const gp = sealedKey(licence, 'google-play', dataKey);
const flip = (sealed: string) => {
  const [p, n, b] = sealed.split('.') as [string, string, string];
  const bytes = Buffer.from(b, 'base64');
  bytes[5] = bytes[5]! ^ 0x01;
  return `${p}.${n}.${bytes.toString('base64')}`;
};
const vectors = {
  appKey: APP_KEY,
  opens: [good('google-play licence key', licence, 'google-play'), good('one-store licence key', licence, 'one-store'), good('naver key', licence, 'naver'), good('non-ASCII text', 'k\u00e9y \u2603', 'google-play')],
  refused: [
    { name: 'another data key', marketKey: { ...gp, dataKey: randomBytes(32).toString('base64') } },
    { name: 'another app key (moved)', marketKey: { ...gp, appKey: 'other-app' } },
    { name: 'another market (moved)', marketKey: { ...gp, market: 'one-store' } },
    { name: 'a flipped ciphertext bit', marketKey: { ...gp, sealed: flip(gp.sealed) } },
    { name: 'a truncated ciphertext', marketKey: { ...gp, sealed: gp.sealed.slice(0, 30) } },
    { name: 'an unknown format', marketKey: { ...gp, sealed: 'cbk9.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAA' } },
    { name: 'a 16-byte data key', marketKey: { ...gp, dataKey: randomBytes(16).toString('base64') } },
    { name: 'not base64', marketKey: { ...gp, sealed: 'cbk1.!!!!.!!!!' } },
  ],
};
const VECTORS = join(__dirname, '..', '..', 'fixtures', 'market-key');
mkdirSync(VECTORS, { recursive: true });
writeFileSync(join(VECTORS, 'vectors.json'), `${JSON.stringify(vectors, null, 2)}\n`);
console.log(`wrote ${vectors.opens.length + vectors.refused.length} market-key vectors to ${VECTORS}`);
