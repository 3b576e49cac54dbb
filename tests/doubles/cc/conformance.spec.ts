import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareWithDouble, DOUBLE_MODULES, findEngineUses, RUNTIME_SOURCES, type EngineUse } from './conformance';

/**
 * The `cc` test double against @cocos/creator-types: every engine member the SDK and the sample
 * use (found by the TypeScript checker, not listed by hand) exists in the double, is callable
 * with the arguments the engine requires, holds the same kind of value and the same constants.
 */
describe('cc double: conforms to @cocos/creator-types on every member the SDK and the sample use', function () {
  this.timeout(180_000);
  let uses: EngineUse[];

  before(() => { uses = findEngineUses(RUNTIME_SOURCES()); });

  it('finds the engine uses of the SDK (sys, native bridge) and of the sample (scene UI)', () => {
    const names = uses.map((u) => u.name);
    expect(names).to.include.members([
      'sys.localStorage', 'sys.OS.ANDROID', 'sys.Platform.EDITOR_PAGE', 'native.jsbBridgeWrapper',
      'native.jsbBridgeWrapper.addNativeEventListener', 'native.reflection.callStaticMethod', '_decorator', 'Component',
      'Node#getChildByPath', 'Node#getComponent', 'Label#string', 'ProgressBar#progress', 'Button.EventType.CLICK', 'instantiate', 'Prefab',
    ]);
    expect(uses.find((u) => u.name === 'sys.OS.ANDROID')!.expected.constant).to.equal('Android');
  });

  it('the double has every one of them, with the engine\'s shape and constants', () => {
    expect(compareWithDouble(uses, DOUBLE_MODULES)).to.deep.equal([]);
  });

  it('reports a double that diverges: a missing member, a wrong constant, a stricter signature, another kind of value', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cb-cc-double-'));
    try {
      const file = join(dir, 'bad-double.ts');
      writeFileSync(file, [
        "export const sys = { OS: { ANDROID: 'android', IOS: 'iOS' } as const, Platform: {}, platform: 'x', os: 'y', isNative: 0, isBrowser: true, localStorage: {} };",
        'export class Node { getChildByPath(path: string, strict: boolean): Node | null { return strict ? null : this; } }',
        "export class Button { static EventType = { CLICK: 'tap' } as const; }",
      ].join('\n'));
      const problems = compareWithDouble(uses, [file]);
      expect(problems).to.include.members([
        'sys.OS.ANDROID: the engine\'s is "Android", the double\'s "android"',
        'Node#getChildByPath: the double requires 2 arguments, the engine 1',
        'Button.EventType.CLICK: the engine\'s is "click", the double\'s "tap"',
        'sys.isNative: the engine\'s holds boolean, the double\'s number',
      ]);
      expect(problems.some((p) => p.startsWith('Label#string (used in'))).to.equal(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
