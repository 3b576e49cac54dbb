// The test double of the 'cc' module (COCOS.md §4–§5): what the SDK's Cocos layer uses,
// with the real engine's quirks. Tests reach the controls through the exported objects.
import { JsbBridgeWrapperDouble } from './jsb-bridge-wrapper';

export { JsbBridgeWrapperDouble };

const registeredClasses = new Set<string>();

export const _decorator = {
  ccclass(name: string) {
    return <T>(ctor: T): T => {
      // The engine requires unique class names; a second registration is a bug worth failing on.
      if (registeredClasses.has(name)) throw new Error(`ccclass name "${name}" is already registered`);
      registeredClasses.add(name);
      return ctor;
    };
  },
  property(..._args: unknown[]) {
    return (_target: unknown, _key?: string) => undefined;
  },
};

type ComponentType<T> = new () => T;
interface ComponentHost {
  name: string;
  getComponent?<T extends object>(type: ComponentType<T>): T | null;
  addComponent?<T extends object>(type: ComponentType<T>): T;
}

/** A component reaches its siblings through its node, as the engine's (the UI double's Node has them). */
export class Component {
  node: ComponentHost = { name: 'node' };
  enabled = true;
  getComponent<T extends object>(type: ComponentType<T>): T | null {
    return this.node.getComponent?.(type) ?? null;
  }
  addComponent<T extends object>(type: ComponentType<T>): T | null {
    return this.node.addComponent?.(type) ?? null;
  }
}

/** `sys.localStorage` on the web: getItem answers `null` for a missing key. */
export class LocalStorageDouble {
  readonly data = new Map<string, string>();
  /** When set, every call throws (a full or blocked storage). */
  failing = false;
  getItem(key: string): string | null {
    this.check();
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.check();
    this.data.set(key, String(value));
  }
  removeItem(key: string): void {
    this.check();
    this.data.delete(key);
  }
  clear(): void {
    this.data.clear();
  }
  key(index: number): string | null {
    return [...this.data.keys()][index] ?? null;
  }
  private check(): void {
    if (this.failing) throw new Error('QuotaExceededError');
  }
}

const Platform = {
  ANDROID: 'ANDROID',
  IOS: 'IOS',
  MOBILE_BROWSER: 'MOBILE_BROWSER',
  DESKTOP_BROWSER: 'DESKTOP_BROWSER',
  EDITOR_PAGE: 'EDITOR_PAGE',
} as const;
const OS = { ANDROID: 'Android', IOS: 'iOS', OSX: 'OS X', WINDOWS: 'Windows', UNKNOWN: 'Unknown' } as const;

export const sys = {
  Platform,
  OS,
  platform: Platform.DESKTOP_BROWSER as string,
  os: OS.OSX as string,
  isNative: false,
  isBrowser: true,
  localStorage: new LocalStorageDouble(),
};

/** `native.reflection`: records static calls the way a device would receive them (strings only). */
export class ReflectionDouble {
  readonly calls: string[][] = [];
  /** What a static method answers, by method name (e.g. `builtMarket`: the Android market the build wired). */
  readonly answers = new Map<string, string>();
  callStaticMethod(...args: unknown[]): string | undefined {
    if (args.some((a) => typeof a !== 'string')) throw new Error('Converting arg failed!');
    this.calls.push(args as string[]);
    return this.answers.get(args[1] as string);
  }
}

export const native: { jsbBridgeWrapper: JsbBridgeWrapperDouble | undefined; reflection: ReflectionDouble | undefined } = {
  jsbBridgeWrapper: undefined,
  reflection: undefined,
};

/** Puts the double on a platform: native ones get a fresh jsbBridgeWrapper, web/editor none. */
export function __setPlatform(platform: 'android' | 'ios' | 'web' | 'editor'): JsbBridgeWrapperDouble | undefined {
  const isNative = platform === 'android' || platform === 'ios';
  sys.isNative = isNative;
  sys.isBrowser = !isNative;
  sys.platform = { android: Platform.ANDROID, ios: Platform.IOS, web: Platform.DESKTOP_BROWSER, editor: Platform.EDITOR_PAGE }[platform];
  sys.os = { android: OS.ANDROID, ios: OS.IOS, web: OS.OSX, editor: OS.OSX }[platform];
  sys.localStorage = new LocalStorageDouble();
  native.jsbBridgeWrapper = isNative ? new JsbBridgeWrapperDouble() : undefined;
  native.reflection = isNative ? new ReflectionDouble() : undefined;
  // An Android build wired by the editor extension with its default build option.
  if (platform === 'android') native.reflection!.answers.set('builtMarket', 'google-play');
  if (native.jsbBridgeWrapper) native.jsbBridgeWrapper.ordering = platform === 'ios' ? 'ios-sync' : 'android-deferred';
  return native.jsbBridgeWrapper;
}
