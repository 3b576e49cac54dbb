import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Button, Color, Graphics, Label, Prefab, ProgressBar, Sprite, UITransform, Node } from './cc-ui-double';

/**
 * Opens a Creator scene or prefab file (assets/samples/gas-station) on the `cc` UI double, the
 * way the engine deserializes it: nodes with their names, activity and children; the UI
 * components the sample reads (with their serialized values); script components as instances
 * of the classes the scripts register, found through their compressed uuid (`__type__`) and
 * given their serialized properties, node and component references resolved; prefab
 * references as `Prefab`s that `instantiate` builds from the prefab's file.
 */

type Json = Record<string, unknown>;
type Ref = { __id__?: number; __uuid__?: string };
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The inverse of Creator's compressed class id (5 hex digits, then two base64 chars per three). */
export function decompressUuid(compressed: string): string {
  if (compressed.length !== 23) throw new Error(`not a compressed uuid: ${compressed}`);
  let hex = compressed.slice(0, 5);
  for (let i = 5; i < 23; i += 2) {
    const a = BASE64.indexOf(compressed[i]!);
    const b = BASE64.indexOf(compressed[i + 1]!);
    if (a < 0 || b < 0) throw new Error(`not a compressed uuid: ${compressed}`);
    hex += (a >> 2).toString(16) + (((a & 3) << 2) | (b >> 4)).toString(16) + (b & 15).toString(16);
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Every asset uuid (main and sub-assets) of a folder's .meta files → the asset's file. */
export function metasIn(folder: string): Map<string, string> {
  const byUuid = new Map<string, string>();
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.meta'))) {
    const meta = JSON.parse(readFileSync(join(folder, file), 'utf8')) as { uuid: string; subMetas?: Record<string, { uuid: string }> };
    const asset = join(folder, file.slice(0, -'.meta'.length));
    byUuid.set(meta.uuid, asset);
    for (const sub of Object.values(meta.subMetas ?? {})) byUuid.set(sub.uuid, asset);
  }
  return byUuid;
}

export interface LoaderOptions {
  /** Script uuid → the class its file registers. */
  scripts: Map<string, new () => object>;
  /** Asset uuid → file (metasIn); prefabs among them can be instantiated. */
  assets: Map<string, string>;
}

/** The top-level nodes of a scene (under the cc.Scene) or the root node of a prefab. */
export function loadAsset(file: string, options: LoaderOptions): Node[] {
  const objects = JSON.parse(readFileSync(file, 'utf8')) as Json[];
  const made = new Map<number, unknown>();
  const fills: Array<() => void> = [];

  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolve);
    if (typeof value !== 'object' || value === null) return value;
    const ref = value as Ref;
    if (typeof ref.__id__ === 'number') return make(ref.__id__);
    if (typeof ref.__uuid__ === 'string') {
      const asset = options.assets.get(ref.__uuid__);
      if (!asset) throw new Error(`${file}: no asset with uuid ${ref.__uuid__}`);
      return asset.endsWith('.prefab') ? new Prefab(() => loadAsset(asset, options)[0]!) : { asset };
    }
    return value;
  };

  function make(index: number): unknown {
    if (made.has(index)) return made.get(index);
    const json = objects[index];
    if (!json) throw new Error(`${file}: no object ${index}`);
    const type = String(json.__type__);
    if (type === 'cc.Node') {
      const node = new Node(String(json._name));
      made.set(index, node);
      node.active = json._active !== false;
      for (const child of json._children as Ref[]) node.addChild(make(child.__id__!) as Node);
      for (const component of json._components as Ref[]) {
        node.attachComponent(make(component.__id__!) as object);
      }
      return node;
    }
    const instance = createComponent(type, json);
    made.set(index, instance);
    return instance;
  }

  function createComponent(type: string, json: Json): object {
    const color = (value: unknown) => {
      const c = value as { r: number; g: number; b: number; a: number } | undefined;
      return Object.assign(new Color(), c ? { r: c.r, g: c.g, b: c.b, a: c.a } : {});
    };
    switch (type) {
      case 'cc.UITransform': {
        const t = new UITransform();
        const size = json._contentSize as { width: number; height: number };
        t.setContentSize(size.width, size.height);
        return t;
      }
      case 'cc.Label': return Object.assign(new Label(), { string: json._string, fontSize: json._fontSize, color: color(json._color), isBold: json._isBold });
      case 'cc.Button': return Object.assign(new Button(), { interactable: json._interactable, transition: json._transition });
      case 'cc.Graphics': return new Graphics();
      case 'cc.Sprite': return Object.assign(new Sprite(), { color: color(json._color) });
      case 'cc.ProgressBar': {
        const bar = Object.assign(new ProgressBar(), { progress: json._progress, totalLength: json._totalLength });
        fills.push(() => { bar.barSprite = resolve(json._barSprite) as Sprite; });
        return bar;
      }
      default: break;
    }
    if (type.startsWith('cc.')) return { type }; // engine parts the sample never reads (Canvas, Camera, Widget…)
    const ctor = options.scripts.get(decompressUuid(type));
    if (!ctor) throw new Error(`${file}: no script registers the component ${type} (${decompressUuid(type)})`);
    const instance = new ctor();
    fills.push(() => {
      for (const [key, value] of Object.entries(json)) {
        if (key.startsWith('_') || key === 'node') continue;
        (instance as Record<string, unknown>)[key] = resolve(value);
      }
    });
    return instance;
  }

  const first = objects[0];
  const roots = first?.__type__ === 'cc.Prefab'
    ? [make((first.data as Ref).__id__!) as Node]
    : ((objects[(first?.scene as Ref).__id__!]!._children as Ref[]).map((c) => make(c.__id__!) as Node));
  for (const fill of fills) fill();
  return roots;
}
