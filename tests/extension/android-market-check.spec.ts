import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkAndroidMarket, findMarketMismatches } from '../../extensions/common-billing/src/native/android-market-check';
import { createRequire } from 'node:module';

// Loaded untyped: hooks.ts is editor code (it reads the editor's `Editor` global), outside this project's types.
const { onBeforeBuild } = createRequire(__filename)('../../extensions/common-billing/src/hooks') as { onBeforeBuild(options: unknown): void };

/** A scene as Cocos serializes it: an array of objects, the component among them with its properties. */
function scene(androidMarket: string): string {
  return JSON.stringify([
    { __type__: 'cc.SceneAsset', _name: 'main' },
    { __type__: 'cc.Node', _name: 'Billing' },
    { __type__: '0b8f6vGXS9Fzr3t8rZQmAqn', node: { __id__: 1 }, androidMarket, iosMarket: 'app-store', serverUrl: 'https://billing.example.com' },
  ]);
}

describe('extension: the Android build option is the one source of the market (build-time check)', () => {
  let project: string;
  const write = (path: string, text: string) => {
    mkdirSync(join(project, path, '..'), { recursive: true });
    writeFileSync(join(project, path), text);
  };
  beforeEach(() => {
    project = mkdtempSync(join(tmpdir(), 'cb-market-'));
  });
  afterEach(() => rmSync(project, { recursive: true, force: true }));

  it('an empty androidMarket (the default) and compatible ones pass for either build option', () => {
    write('assets/scenes/main.scene', scene(''));
    write('assets/prefabs/shop.prefab', scene('sandbox'));
    expect(findMarketMismatches(project, 'google-play')).to.deep.equal([]);
    write('assets/scenes/legacy.scene', scene('naver'));
    expect(findMarketMismatches(project, 'one-store')).to.deep.equal([]);
  });

  it('a scene that names another market than the build option fails the build, naming the file', () => {
    write('assets/scenes/main.scene', scene('one-store'));
    write('assets/readme.scene', 'not json "androidMarket"');
    expect(findMarketMismatches(project, 'google-play')).to.deep.equal([{ file: 'assets/scenes/main.scene', androidMarket: 'one-store' }]);
    expect(() => checkAndroidMarket(project, 'google-play')).to.throw(/assets\/scenes\/main\.scene \(androidMarket "one-store"\)/).with.property('code', 'CONFLICT');
    write('assets/scenes/main.scene', scene('google-play'));
    expect(() => checkAndroidMarket(project, 'one-store')).to.throw().with.property('code', 'CONFLICT');
    expect(() => checkAndroidMarket(project, 'google-play')).not.to.throw();
  });

  it('the builder hook runs the check before the build (android with the option, google-play always Google Play)', () => {
    write('assets/scenes/main.scene', scene('one-store'));
    const g = globalThis as { Editor?: unknown };
    const before = g.Editor;
    g.Editor = { Project: { path: project } };
    try {
      const build = (platform: string, market?: string) => () => onBeforeBuild({ platform, packages: { 'common-billing': { market } } });
      expect(build('android', 'google-play')).to.throw().with.property('code', 'CONFLICT');
      expect(build('google-play')).to.throw().with.property('code', 'CONFLICT');
      expect(build('android', 'one-store')).not.to.throw();
      expect(build('ios')).not.to.throw();
    } finally {
      g.Editor = before;
    }
  });
});
