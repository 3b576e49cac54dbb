import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

export const EXTENSION_DIR = join(__dirname, '..', '..', '..', 'extensions', 'common-billing');

/**
 * Builds the extension's dist/ with the project's own rollup config (rollup/extension.mjs)
 * into a temp folder, so tests exercise the CommonJS files the editor would load without
 * racing a parallel `npm run build`.
 */
export async function buildExtension(): Promise<string> {
  const root = join(__dirname, '..', '..', '..');
  const { createExtensionConfig } = await import(pathToFileURL(join(root, 'rollup', 'extension.mjs')).href);
  const { rollup } = await import('@rollup/wasm-node');
  const outDir = join(mkdtempSync(join(tmpdir(), 'cb-ext-')), 'dist');
  const config = createExtensionConfig(outDir);
  const bundle = await rollup({ ...config, onwarn: () => {} });
  await bundle.write(config.output);
  await bundle.close();
  return outDir;
}

/** Every file under a folder as text, keyed by a virtual absolute path (for the page's require). */
export function readTree(dir: string, virtualRoot: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[`${virtualRoot}/${relative(dir, path).split('\\').join('/')}`] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return out;
}
