// Packs the Cocos Creator extension into an installable folder (default
// build/extension/common-billing; `node scripts/pack-extension.mjs <out>` for another place):
// dist/ built by rollup/extension.mjs, i18n/, static/, README.md and package.json from
// extensions/common-billing, the runtime SDK (assets/common-billing) as assets/ for the
// asset-db mount, and the native bridge sources (native/android, native/ios) that the
// builder hooks copy into a project's native/engine/<platform>.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const extension = join(root, 'extensions', 'common-billing');
const out = resolve(process.argv[2] ?? join(root, 'build', 'extension', 'common-billing'));
const NATIVE_SOURCES = /\.(java|swift|mm|m|h|pro)$/;

if (out === extension || out.startsWith(`${extension}/`)) throw new Error('pack into a folder outside the extension sources');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const { createExtensionConfig } = await import(pathToFileURL(join(root, 'rollup', 'extension.mjs')).href);
const { rollup } = await import('@rollup/wasm-node');
const config = createExtensionConfig(join(out, 'dist'));
const bundle = await rollup(config);
await bundle.write(config.output);
await bundle.close();

for (const item of ['package.json', 'README.md', 'i18n', 'static']) cpSync(join(extension, item), join(out, item), { recursive: true });
// The runtime component and SDK, mounted read-only as db://common-billing (package.json "asset-db").
cpSync(join(root, 'assets', 'common-billing'), join(out, 'assets'), { recursive: true });
writeMissingMetas(join(out, 'assets'), '');
// Only sources; the bridges' tests and compile-only stubs live under tests/native, not here.
for (const platform of ['android', 'ios']) {
  const from = join(root, 'native', platform);
  if (!existsSync(from)) continue;
  cpSync(from, join(out, 'native', platform), { recursive: true, filter: (src) => statSync(src).isDirectory() || NATIVE_SOURCES.test(src) });
}

/**
 * Creator identifies scripts by the uuid in their .meta, and scenes refer to a component by
 * it. The mount is read-only, so every install must ship the same .meta: a file or folder that
 * has none gets one whose uuid is derived from its path inside the extension (stable across
 * packs and machines). Existing .meta files are kept as they are.
 */
function writeMissingMetas(dir, rel) {
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.meta')) continue;
    const path = join(dir, name);
    const relPath = rel ? `${rel}/${name}` : name;
    const isDir = statSync(path).isDirectory();
    if (isDir) writeMissingMetas(path, relPath);
    const importer = isDir ? ['directory', '1.2.0'] : name.endsWith('.ts') ? ['typescript', '4.0.24'] : null;
    if (!importer || existsSync(`${path}.meta`)) continue;
    const meta = { ver: importer[1], importer: importer[0], imported: true, uuid: stableUuid(relPath), files: [], subMetas: {}, userData: isDir ? { compressionType: {}, isRemoteBundle: {} } : {} };
    writeFileSync(`${path}.meta`, `${JSON.stringify(meta, null, 2)}\n`);
  }
}

/** A v4-shaped uuid from SHA-256 of `common-billing/<path>`. */
function stableUuid(relPath) {
  const b = createHash('sha256').update(`common-billing/${relPath}`).digest();
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

const count = (dir) => (existsSync(dir) ? readdirSync(dir, { recursive: true }).filter((f) => !statSync(join(dir, String(f))).isDirectory()).length : 0);
console.log(`packed ${relative(root, out) || out}: dist ${count(join(out, 'dist'))} files, assets ${count(join(out, 'assets'))}, native ${count(join(out, 'native'))}`);
