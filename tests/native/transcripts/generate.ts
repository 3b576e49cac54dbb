/**
 * Writes tests/fixtures/bridge/*.json. Run after changing a transcript definition:
 *   npx tsx tests/native/transcripts/generate.ts
 * Keys are generated on every run, so the signatures change; the messages do not.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LicenceKey, type Transcript } from './builders';
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
