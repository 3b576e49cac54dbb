// The release artifact of the Cocos Creator extension: dist/extension/common-billing/ (copy it to
// <project>/extensions/) and dist/extension/common-billing.zip (Extension → Extension Manager →
// Project → import; the zip holds the folder's files at its root, as the Extension Manager
// expects: cocos-docs editor/extension/install.md). `npm run build` writes both through
// rollup/extension.mjs; `npm run pack:extension [<folder>]` builds and packs on its own.
//
// The folder holds: dist/ (the editor code rollup/extension.mjs compiles), package.json, the
// READMEs, i18n/, static/, assets/ (the runtime SDK, mounted read-only as db://common-billing/
// by package.json "asset-db"), native/ (the bridge sources the build hooks copy) and
// samples/gas-station/ (the sample scene and scripts a user copies into the project's assets/;
// outside the mount, so the sample never ships inside a game that only uses the SDK).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const extension = join(root, 'extensions', 'common-billing');
export const DEFAULT_OUT = join(root, 'dist', 'extension', 'common-billing');
const NATIVE_SOURCES = /\.(java|swift|mm|m|h|pro)$/;
const EXTENSION_FILES = ['package.json', 'README.md', 'README.ko.md', 'i18n', 'static'];

/**
 * Everything but dist/ (which rollup writes) into `out`. Files a previous pack left there
 * (other than dist/) are removed first, so a deleted source never lingers in a release.
 */
export function assembleExtension(folder) {
  const out = resolve(folder);
  if (out === extension || out.startsWith(`${extension}/`)) throw new Error('pack into a folder outside the extension sources');
  mkdirSync(out, { recursive: true });
  for (const name of readdirSync(out)) if (name !== 'dist') rmSync(join(out, name), { recursive: true, force: true });
  for (const item of EXTENSION_FILES) cpSync(join(extension, item), join(out, item), { recursive: true });
  // The runtime component and SDK, mounted read-only as db://common-billing (package.json "asset-db").
  cpSync(join(root, 'assets', 'common-billing'), join(out, 'assets'), { recursive: true });
  writeMissingMetas(join(out, 'assets'), '');
  // Only sources; the bridges' tests and compile-only stubs live under tests/native, not here.
  for (const platform of ['android', 'ios']) {
    const from = join(root, 'native', platform);
    if (!existsSync(from)) continue;
    cpSync(from, join(out, 'native', platform), { recursive: true, filter: (src) => statSync(src).isDirectory() || NATIVE_SOURCES.test(src) });
  }
  cpSync(join(root, 'native', 'README.md'), join(out, 'native', 'README.md'));
  if (existsSync(join(root, 'native', 'README.ko.md'))) cpSync(join(root, 'native', 'README.ko.md'), join(out, 'native', 'README.ko.md'));
  cpSync(join(root, 'assets', 'samples', 'gas-station'), join(out, 'samples', 'gas-station'), { recursive: true });
  cpSync(join(root, 'assets', 'samples', 'gas-station.meta'), join(out, 'samples', 'gas-station.meta'));
}

/** `<out>.zip` with the folder's files at the zip's root (Debian's zip; -X: no extra attributes). */
export function zipExtension(folder) {
  const out = resolve(folder);
  const zip = join(dirname(out), `${basename(out)}.zip`);
  rmSync(zip, { force: true });
  execFileSync('zip', ['-q', '-r', '-X', zip, '.'], { cwd: out });
  return zip;
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
export function stableUuid(relPath) {
  const b = createHash('sha256').update(`common-billing/${relPath}`).digest();
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function count(dir) {
  return existsSync(dir) ? readdirSync(dir, { recursive: true }).filter((f) => !statSync(join(dir, String(f))).isDirectory()).length : 0;
}

export function describePack(out, zip) {
  return `packed ${relative(root, out) || out} (dist ${count(join(out, 'dist'))} files, assets ${count(join(out, 'assets'))}, native ${count(join(out, 'native'))}, samples ${count(join(out, 'samples'))}) and ${relative(root, zip) || zip}`;
}

async function main() {
  const out = resolve(process.argv[2] ?? DEFAULT_OUT);
  if (out === extension || out.startsWith(`${extension}/`)) throw new Error('pack into a folder outside the extension sources');
  rmSync(out, { recursive: true, force: true });
  const { createExtensionConfig } = await import(pathToFileURL(join(root, 'rollup', 'extension.mjs')).href);
  const { rollup } = await import('@rollup/wasm-node');
  const config = createExtensionConfig(join(out, 'dist'));
  const bundle = await rollup(config);
  await bundle.write(config.output);
  await bundle.close();
  assembleExtension(out);
  console.log(describePack(out, zipExtension(out)));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
