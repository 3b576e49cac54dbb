import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

export interface InstalledProject {
  /** The fresh Creator 3.8 project folder. */
  project: string;
  /** <project>/extensions/common-billing, unpacked from the zip. */
  extension: string;
  /** The zip `npm run pack:extension` wrote. */
  zip: string;
  /** The folder it packed (the zip's source). */
  packed: string;
}

/**
 * A project folder as Creator 3.8 creates one (package.json with `creator.version`, assets/,
 * settings/v2/packages/, extensions/, the tsconfig that extends the editor's generated one).
 */
export function createCreatorProject(): string {
  const project = mkdtempSync(join(tmpdir(), 'cb-creator-project-'));
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'my-game', uuid: '0d5b6e51-5f0b-4b8a-9a54-2f2f3a0c1a11', creator: { version: '3.8.6' } }, null, 2)}\n`);
  writeFileSync(join(project, 'tsconfig.json'), `${JSON.stringify({ extends: './temp/tsconfig.cocos.json', compilerOptions: { strict: false } }, null, 2)}\n`);
  for (const dir of ['assets', 'extensions', 'settings/v2/packages', 'profiles/v2/packages']) mkdirSync(join(project, dir), { recursive: true });
  return project;
}

let installed: InstalledProject | undefined;

/**
 * `npm run pack:extension <tmp>` once per test process, then its zip unpacked into a fresh
 * project's extensions/common-billing (what Extension Manager → Import does: the zip holds the
 * extension's files at its root) and the sample folder copied into assets/, as the guide says.
 */
export function packAndInstall(): InstalledProject {
  if (installed) return installed;
  const packed = join(mkdtempSync(join(tmpdir(), 'cb-pack-')), 'common-billing');
  const run = spawnSync(process.execPath, [join(ROOT, 'scripts', 'pack-extension.mjs'), packed], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`pack-extension failed: ${run.stderr}`);
  const zip = `${packed}.zip`;
  const project = createCreatorProject();
  const extension = join(project, 'extensions', 'common-billing');
  execFileSync('unzip', ['-q', zip, '-d', extension]);
  cpSync(join(extension, 'samples', 'gas-station'), join(project, 'assets', 'gas-station'), { recursive: true });
  cpSync(join(extension, 'samples', 'gas-station.meta'), join(project, 'assets', 'gas-station.meta'));
  installed = { project, extension, zip, packed };
  process.once('exit', () => {
    rmSync(dirname(packed), { recursive: true, force: true });
    rmSync(project, { recursive: true, force: true });
  });
  return installed;
}

/** Files under a folder (relative, '/'-separated, sorted) whose name matches. */
export function filesUnder(dir: string, pattern: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => pattern.test(f) && !statSync(join(dir, f)).isDirectory())
    .map((f) => f.split('\\').join('/'))
    .sort();
}

/** The module specifiers a TypeScript file imports or re-exports (static and dynamic). */
export function importsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found = new Set<string>();
  for (const match of source.matchAll(/\b(?:import|export)\s[^'";]*?\sfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|\bimport\s+['"]([^'"]+)['"]/g)) {
    found.add((match[1] ?? match[2] ?? match[3])!);
  }
  return [...found];
}

/** The file a relative or absolute import names, as Creator's TypeScript resolution finds it. */
export function resolveScript(base: string): string | null {
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}
