import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { filesUnder, packAndInstall, type InstalledProject } from './support/creator-project';
import { createCocosProject, snapshot } from './support/native-fixture';

const ROOT = join(__dirname, '..', '..');

function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k)).sort();
}

/**
 * The release artifact as a new user installs it: `npm run pack:extension` (what `npm run build`
 * also writes to dist/extension/), its zip unpacked into a fresh Creator 3.8 project's
 * extensions/common-billing, and everything below checked on that installed copy.
 */
describe('extension: the packed zip installs into a fresh Creator 3.8 project', function () {
  this.timeout(180000);
  let install: InstalledProject;
  let out: string;
  let load: NodeJS.Require;

  before(() => {
    install = packAndInstall();
    out = install.extension;
    load = createRequire(join(out, 'package.json'));
  });

  it('the zip holds the extension\'s files at its root (no nested folder) and exactly the packed folder', () => {
    const listing = execFileSync('unzip', ['-Z1', install.zip], { encoding: 'utf8' }).split('\n').filter((l) => l && !l.endsWith('/')).sort();
    expect(listing).to.include('package.json');
    expect(listing.every((f) => !f.startsWith('common-billing/'))).to.equal(true);
    expect(listing).to.deep.equal(filesUnder(install.packed, /./));
    expect(filesUnder(out, /./)).to.deep.equal(listing);
  });

  it('has a package.json whose every entry point exists, and the three languages with the same keys', () => {
    const pkg = JSON.parse(readFileSync(join(out, 'package.json'), 'utf8'));
    expect(pkg).to.include({ package_version: 2, name: 'common-billing', main: './dist/main.js' });
    for (const file of [pkg.main, pkg.panels.default.main, pkg.contributions.builder, 'static/template/default/index.html', 'static/style/default/index.css', 'README.md']) {
      expect(existsSync(join(out, file)), file).to.equal(true);
    }
    const en = keysOf(load('./i18n/en.js'));
    expect(en).to.include.members(['title', 'open', 'description', 'build.market']);
    expect(keysOf(load('./i18n/ko.js'))).to.deep.equal(en);
    expect(keysOf(load('./i18n/zh.js'))).to.deep.equal(en);
    // Every message the manifest routes has a method in main.js or in the panel (`default.<method>`).
    const main = load('./dist/main.js') as { methods: Record<string, unknown>; load: unknown; unload: unknown };
    const globals = globalThis as { Editor?: unknown };
    globals.Editor = { Panel: { define: (options: unknown) => options } };
    let panel: { template: string; style: string; methods: Record<string, unknown> };
    try {
      panel = load('./dist/panel.js');
    } finally {
      delete globals.Editor;
    }
    expect(panel.template).to.contain('id="market-template"');
    expect(panel.style).to.contain('ui-button:not(:defined)');
    for (const [name, route] of Object.entries(pkg.contributions.messages as Record<string, { methods: string[] }>)) {
      expect(route.methods.length, name).to.be.greaterThan(0);
      for (const method of route.methods) {
        const [owner, fn] = method.startsWith('default.') ? [panel.methods, method.slice('default.'.length)] : [main.methods, method];
        expect(owner[fn], `${name} → ${method}`).to.be.a('function');
      }
    }
    expect(pkg.contributions.profile.project.config.message).to.equal('config-changed');
  });

  it('ships the runtime SDK for the asset-db mount and the native bridge sources', () => {
    const pkg = JSON.parse(readFileSync(join(out, 'package.json'), 'utf8'));
    expect(pkg.contributions['asset-db'].mount).to.deep.equal({ path: './assets', readonly: true });
    expect(filesUnder(join(out, 'assets'), /\.ts$/)).to.deep.equal(filesUnder(join(ROOT, 'assets', 'common-billing'), /\.ts$/));
    // Every script and folder of the read-only mount has a .meta whose uuid depends only on its
    // path, so scenes that use the component resolve it on every machine that installs the pack.
    const scripts = filesUnder(join(out, 'assets'), /\.ts$/);
    const folders = (readdirSync(join(out, 'assets'), { recursive: true }) as string[]).filter((f) => statSync(join(out, 'assets', f)).isDirectory());
    const uuids = new Set<string>();
    for (const entry of [...scripts, ...folders]) {
      const metaPath = join(out, 'assets', `${entry}.meta`);
      const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as { uuid: string; importer: string };
      expect(meta.importer, entry).to.equal(entry.endsWith('.ts') ? 'typescript' : 'directory');
      expect(meta.uuid).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      if (!existsSync(join(ROOT, 'assets', 'common-billing', `${entry}.meta`))) {
        expect(meta.uuid.replace(/-/g, '').slice(0, 12), entry).to.equal(createHash('sha256').update(`common-billing/${entry.split('\\').join('/')}`).digest('hex').slice(0, 12));
      }
      uuids.add(meta.uuid);
    }
    expect(uuids.size).to.equal(scripts.length + folders.length);
    expect(existsSync(join(out, 'assets', 'core', 'product-list.ts'))).to.equal(true);
    // The runtime carries no cipher: the market key is opened by the native bridge (DESIGN.md §6).
    expect(existsSync(join(out, 'assets', 'core', 'market-key-cipher.ts'))).to.equal(false);
    for (const platform of ['android', 'ios']) {
      expect(filesUnder(join(out, 'native', platform), /./), platform).to.deep.equal(filesUnder(join(ROOT, 'native', platform), /\.(java|swift|mm|m|h|pro)$/));
    }
  });

  it('its builder and hooks, as the editor loads them, wire a project with the packed native sources', async () => {
    const builder = load('./dist/builder.js') as { configs: Record<string, { hooks?: string; options?: Record<string, { default?: unknown }> }> };
    expect(Object.keys(builder.configs).sort()).to.deep.equal(['android', 'google-play', 'ios']);
    expect(builder.configs.android!.options!.market!.default).to.equal('google-play');
    const hooks = load(join(dirname(join(out, 'dist', 'builder.js')), builder.configs.android!.hooks!)) as {
      onAfterBuild(options: unknown, result: unknown): Promise<void> | void;
      onBeforeMake(root: string, options: unknown): Promise<void> | void;
    };
    const project = createCocosProject();
    const globals = globalThis as { Editor?: unknown };
    globals.Editor = { Project: { path: project } };
    try {
      await hooks.onAfterBuild({ platform: 'android', packages: { 'common-billing': { market: 'one-store' } } }, { dest: join(project, 'build', 'android') });
      const engine = join(project, 'native', 'engine', 'android');
      expect(readFileSync(join(engine, 'app', 'build.gradle'), 'utf8')).to.contain('com.onestorecorp.sdk:sdk-iap:21.04.00');
      const copied = filesUnder(join(engine, 'src', 'com', 'commonbilling'), /\.java$/);
      const shipped = filesUnder(join(out, 'native', 'android'), /\.java$/);
      expect(copied.length).to.equal(shipped.filter((f) => !/googleplay/i.test(f)).length);
      expect(copied.some((f) => /googleplay/i.test(f))).to.equal(false);
      await hooks.onBeforeMake(join(project, 'build', 'ios'), { platform: 'ios', packages: {} });
      const iosFiles = filesUnder(join(project, 'native', 'engine', 'ios', 'common-billing'), /./);
      expect(iosFiles).to.deep.equal(filesUnder(join(out, 'native', 'ios'), /./));
      expect(readFileSync(join(project, 'native', 'engine', 'ios', 'CMakeLists.txt'), 'utf8')).to.contain('-framework StoreKit');
      // Platforms the extension does not wire are left alone.
      const wired = snapshot(project);
      await hooks.onAfterBuild({ platform: 'web-mobile', packages: {} }, { dest: join(project, 'build', 'web-mobile') });
      expect(snapshot(project)).to.deep.equal(wired);
    } finally {
      delete globals.Editor;
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('finds the project from the build folder when the build worker has no Editor.Project', async () => {
    const hooks = load('./dist/hooks.js') as { onAfterBuild(options: unknown, result: unknown): void; onBeforeMake(root: string, options: unknown): void };
    const project = createCocosProject();
    try {
      const options = { platform: 'google-play', buildPath: 'project://build', packages: {} };
      hooks.onAfterBuild(options, { dest: join(project, 'build', 'google-play') });
      const gradle = join(project, 'native', 'engine', 'google-play', 'app', 'build.gradle');
      expect(readFileSync(gradle, 'utf8')).to.contain('com.android.billingclient:billing:8.0.0');
      // On a first build without native/engine yet, the build goes on and Make wires it.
      rmSync(join(project, 'native', 'engine', 'ios'), { recursive: true });
      expect(() => hooks.onAfterBuild({ platform: 'ios', buildPath: 'project://build', packages: {} }, { dest: join(project, 'build', 'ios') })).not.to.throw();
      expect(() => hooks.onBeforeMake(join(project, 'build', 'ios'), { platform: 'ios', buildPath: 'project://build', packages: {} }))
        .to.throw(/native\/engine\/ios does not exist/).with.property('code', 'CONFLICT');
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
