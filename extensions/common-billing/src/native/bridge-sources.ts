import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { basename, join, relative, sep } from 'path';
import type { AndroidMarket } from '../settings/markets';
import { androidMarketIds, androidWiring } from './markets/registry';

/**
 * Which of the extension's native bridge files go into a user's native project, and where.
 * The bridge sources are whatever `.java` (android/) or `.swift/.mm/.m/.h` (ios/) files the
 * extension ships under native/; test code and compile-only stubs are never copied.
 */
export interface BridgeFile {
  /** Absolute path inside the extension. */
  from: string;
  /** Path relative to native/engine/<platform>, with forward slashes. */
  to: string;
}

const SKIPPED_DIRS = new Set(['test', 'tests', 'stub', 'stubs', 'build', 'out']);
/** Packages that belong to the engine or a store SDK (each market's sdkPackages): a copy would shadow the real classes. */
const ENGINE_PACKAGES = ['com.cocos.lib', 'android', 'androidx'];

function isForeignPackage(pkg: string): boolean {
  const foreign = [...ENGINE_PACKAGES, ...androidMarketIds().flatMap((id) => androidWiring(id).sdkPackages)];
  return foreign.some((prefix) => pkg === prefix || pkg.startsWith(`${prefix}.`));
}

/** The market a file belongs to by its path and name (each market's bridgePathPattern), or undefined for shared code. */
export function marketOfPath(relativePath: string): AndroidMarket | undefined {
  return androidMarketIds().find((id) => androidWiring(id).bridgePathPattern.test(relativePath));
}

/** Java files go to `src/<package path>/` (the template compiles `native/engine/android/src`). */
export function androidBridgeFiles(bridgeRoot: string, market: AndroidMarket): BridgeFile[] {
  const dir = join(bridgeRoot, 'android');
  const out: BridgeFile[] = [];
  for (const file of listFiles(dir, ['.java'])) {
    const rel = toPosix(relative(dir, file));
    const owner = marketOfPath(rel);
    if (owner && owner !== market) continue;
    const pkg = /^\s*package\s+([\w.]+)\s*;/m.exec(readFileSync(file, 'utf8'))?.[1] ?? '';
    if (isForeignPackage(pkg)) continue;
    out.push({ from: file, to: ['src', ...(pkg ? pkg.split('.') : []), basename(file)].join('/') });
  }
  return out;
}

/** iOS files keep their layout under `common-billing/` next to the template's CMakeLists.txt. */
export function iosBridgeFiles(bridgeRoot: string): BridgeFile[] {
  const dir = join(bridgeRoot, 'ios');
  return listFiles(dir, ['.swift', '.mm', '.m', '.h']).map((file) => ({ from: file, to: `common-billing/${toPosix(relative(dir, file))}` }));
}

function listFiles(dir: string, extensions: readonly string[]): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (!SKIPPED_DIRS.has(name.toLowerCase())) out.push(...listFiles(path, extensions));
    } else if (extensions.some((ext) => name.endsWith(ext))) {
      out.push(path);
    }
  }
  return out;
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}
