import { expect } from 'chai';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { filesUnder, importsOf, packAndInstall, resolveScript, type InstalledProject } from './support/creator-project';

const ROOT = join(__dirname, '..', '..');
const MOUNT = 'db://common-billing/';
const ENGINE_MODULES = new Set(['cc', 'cc/env']);

interface Manifest {
  main: string;
  description: string;
  panels: Record<string, { main: string; title: string }>;
  contributions: {
    builder: string;
    menu: Array<{ path: string; label: string }>;
    'asset-db': { mount: { path: string } };
    profile: { project: Record<string, { label?: string }> };
  };
}

/** The file a manifest entry names (Creator accepts it with or without `.js`). */
const entryFile = (base: string, entry: string) => [join(base, entry), join(base, `${entry}.js`)].find((f) => existsSync(f) && statSync(f).isFile());
const inside = (dir: string, file: string) => !relative(dir, file).startsWith('..') && !relative(dir, file).startsWith(sep);
const packageName = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

/**
 * Every path the installed extension names resolves inside a fresh project: the manifest's
 * entry points, mount and i18n keys, the builder's hooks and the hooks' native sources, every
 * import of the mounted SDK, and every import of the sample copied into assets/.
 */
describe('extension: every path the installed extension names resolves', function () {
  this.timeout(180000);
  let install: InstalledProject;
  let ext: string;
  let pkg: Manifest;

  before(() => {
    install = packAndInstall();
    ext = install.extension;
    pkg = JSON.parse(readFileSync(join(ext, 'package.json'), 'utf8')) as Manifest;
  });

  it('the manifest: main, every panel, the builder, the asset-db mount and every i18n key in en, ko and zh', () => {
    expect(entryFile(ext, pkg.main), pkg.main).to.be.a('string');
    for (const [name, panel] of Object.entries(pkg.panels)) expect(entryFile(ext, panel.main), `panel ${name}`).to.be.a('string');
    expect(entryFile(ext, pkg.contributions.builder), 'builder').to.be.a('string');
    const mount = join(ext, pkg.contributions['asset-db'].mount.path);
    expect(statSync(mount).isDirectory()).to.equal(true);
    expect(existsSync(join(mount, 'cocos', 'common-billing-component.ts'))).to.equal(true);

    const load = createRequire(join(ext, 'package.json'));
    const keys = JSON.stringify(pkg).match(/i18n:common-billing\.[\w.]+/g) ?? [];
    expect(keys.length).to.be.greaterThan(3);
    for (const language of ['en', 'ko', 'zh']) {
      const table = load(`./i18n/${language}.js`) as Record<string, unknown>;
      for (const key of keys) {
        const value = key.slice('i18n:common-billing.'.length).split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], table);
        expect(value, `${language}: ${key}`).to.be.a('string').and.not.equal('');
      }
    }
    for (const readme of ['README.md', 'README.ko.md', 'native/README.md', 'native/README.ko.md']) expect(existsSync(join(ext, readme)), readme).to.equal(true);
  });

  it('the builder\'s hooks module and the native bridge folder the hooks copy from', () => {
    const builderFile = entryFile(ext, pkg.contributions.builder)!;
    const builder = createRequire(builderFile)(builderFile) as { configs: Record<string, { hooks?: string }> };
    for (const [platform, config] of Object.entries(builder.configs)) {
      expect(entryFile(dirname(builderFile), config.hooks!), `${platform} hooks`).to.be.a('string');
    }
    // dist/hooks.js reads the bridge sources from <extension>/native (join(__dirname, '..', 'native')).
    const hooksSource = readFileSync(join(ext, 'dist', 'hooks.js'), 'utf8');
    expect(hooksSource).to.match(/join\(__dirname, ['"]\.\.['"], ['"]native['"]\)/);
    expect(filesUnder(join(ext, 'native', 'android'), /\.java$/).length).to.be.greaterThan(3);
    expect(filesUnder(join(ext, 'native', 'ios'), /\.(swift|mm|h)$/).length).to.be.greaterThan(2);
  });

  it('every import of the mounted SDK resolves inside the mount, to the engine, or to a package the install step names', () => {
    const mount = join(ext, 'assets');
    const readme = readFileSync(join(ext, 'README.md'), 'utf8');
    const installLine = readme.match(/npm install --save-exact ([^`\n]+)/);
    expect(installLine, 'the README names the npm packages to install').to.not.equal(null);
    const named = new Map(installLine![1]!.trim().split(/\s+/).map((spec) => {
      const at = spec.lastIndexOf('@');
      return [spec.slice(0, at), spec.slice(at + 1)] as const;
    }));
    const rootPackage = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const bare = new Set<string>();
    for (const script of filesUnder(mount, /\.ts$/)) {
      const file = join(mount, script);
      for (const specifier of importsOf(file)) {
        if (specifier.startsWith('.')) {
          const target = resolveScript(join(dirname(file), specifier));
          expect(target, `${script}: ${specifier}`).to.not.equal(null);
          expect(inside(mount, target!), `${script}: ${specifier} stays in the mount`).to.equal(true);
        } else if (specifier.startsWith(MOUNT)) {
          expect(resolveScript(join(mount, specifier.slice(MOUNT.length))), `${script}: ${specifier}`).to.not.equal(null);
        } else if (!ENGINE_MODULES.has(specifier)) {
          bare.add(packageName(specifier));
        }
      }
    }
    expect([...bare].sort()).to.deep.equal([...named.keys()].sort());
    for (const [name, version] of named) expect(version, `${name}: the version the SDK is built and tested with`).to.equal(rootPackage.dependencies[name]);
  });

  it('the sample copied into assets/ reaches the SDK only through db://common-billing/ and resolves every import', () => {
    const sample = join(install.project, 'assets', 'gas-station');
    const mount = join(ext, 'assets');
    const scripts = filesUnder(sample, /\.ts$/);
    expect(scripts).to.include('gas-station-component.ts');
    let throughMount = 0;
    for (const script of scripts) {
      const file = join(sample, script);
      for (const specifier of importsOf(file)) {
        if (ENGINE_MODULES.has(specifier)) continue;
        if (specifier.startsWith(MOUNT)) {
          throughMount++;
          expect(resolveScript(join(mount, specifier.slice(MOUNT.length))), `${script}: ${specifier}`).to.not.equal(null);
          continue;
        }
        expect(specifier, `${script}: only relative imports besides the engine and the mount`).to.match(/^\.\//);
        const target = resolveScript(join(dirname(file), specifier));
        expect(target && inside(sample, target), `${script}: ${specifier}`).to.equal(true);
      }
    }
    expect(throughMount).to.be.greaterThan(0);
  });
});
