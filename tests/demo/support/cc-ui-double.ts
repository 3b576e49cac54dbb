/**
 * The UI classes of 'cc' that the sample's scene and code use (Node, UITransform, Label,
 * Button, Graphics, Sprite, ProgressBar, Prefab, Color…), as small doubles that keep the state a test reads back: label
 * text, button interactability, node activity, click listeners. The shared `cc` double
 * (tests/doubles/cc/, the SDK's) covers the engine parts the SDK uses; `installCcUi()` adds
 * these to it for the sample's tests.
 */

export class Color {
  r = 0; g = 0; b = 0; a = 255;
  fromHEX(hex: string): Color {
    const h = hex.replace('#', '');
    this.r = parseInt(h.slice(0, 2), 16);
    this.g = parseInt(h.slice(2, 4), 16);
    this.b = parseInt(h.slice(4, 6), 16);
    this.a = h.length >= 8 ? parseInt(h.slice(6, 8), 16) : 255;
    return this;
  }
  toHEX(): string {
    return [this.r, this.g, this.b].map((v) => v.toString(16).padStart(2, '0')).join('');
  }
}

type Ctor<T> = new () => T;

export class Node {
  layer = 1 << 25;
  active = true;
  parent: Node | null = null;
  readonly children: Node[] = [];
  readonly position = { x: 0, y: 0 };
  private readonly components: object[] = [];
  private readonly listeners = new Map<string, Array<() => void>>();

  constructor(public name = '') {}

  addComponent<T extends object>(ctor: Ctor<T>): T {
    const component = new ctor();
    (component as { node?: Node }).node = this;
    this.components.push(component);
    return component;
  }
  /** A component made elsewhere (the scene loader), attached as the engine's deserializer does. */
  attachComponent(component: object): void {
    (component as { node?: Node }).node = this;
    this.components.push(component);
  }
  getComponent<T extends object>(ctor: Ctor<T>): T | null {
    return (this.components.find((c) => c instanceof ctor) as T | undefined) ?? null;
  }
  addChild(child: Node): void {
    child.parent = this;
    this.children.push(child);
  }
  setPosition(x: number, y: number): void {
    this.position.x = x;
    this.position.y = y;
  }
  on(type: string, listener: () => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  emit(type: string): void {
    for (const listener of this.listeners.get(type) ?? []) listener();
  }
  getChildByName(name: string): Node | null {
    return this.children.find((c) => c.name === name) ?? null;
  }
  /** As the engine: names separated by '/', empty segments skipped. */
  getChildByPath(path: string): Node | null {
    return path.split('/').filter(Boolean).reduce<Node | null>((node, name) => node?.getChildByName(name) ?? null, this);
  }
  /** Active here and in every parent, as the engine decides what is shown and touchable. */
  get activeInHierarchy(): boolean {
    return this.active && (this.parent ? this.parent.activeInHierarchy : true);
  }
}

export class UITransform {
  width = 0;
  height = 0;
  setContentSize(width: number, height: number): void {
    this.width = width;
    this.height = height;
  }
}

export const HorizontalTextAlignment = { LEFT: 0, CENTER: 1, RIGHT: 2 } as const;
export const VerticalTextAlignment = { TOP: 0, CENTER: 1, BOTTOM: 2 } as const;

export class Label {
  static Overflow = { NONE: 0, CLAMP: 1, SHRINK: 2, RESIZE_HEIGHT: 3 } as const;
  string = '';
  fontSize = 40;
  lineHeight = 40;
  color = new Color();
  isBold = false;
  overflow = 0;
  enableWrapText = true;
  horizontalAlign = 1;
  verticalAlign = 1;
}

export class Button {
  static Transition = { NONE: 0, COLOR: 1, SPRITE: 2, SCALE: 3 } as const;
  static EventType = { CLICK: 'click' } as const;
  interactable = true;
  transition = 0;
}

export class Graphics {
  fillColor = new Color();
  /** Shapes drawn since the last clear(), so a test can tell a redraw happened. */
  shapes = 0;
  clear(): void { this.shapes = 0; }
  roundRect(): void { this.shapes++; }
  rect(): void { this.shapes++; }
  circle(): void { this.shapes++; }
  fill(): void { /* the double does not rasterize */ }
}

export class BlockInputEvents {}

export class Sprite {
  color = new Color();
}

export class ProgressBar {
  progress = 1;
  totalLength = 1;
  barSprite: Sprite | null = null;
}

/** A prefab asset: the test's scene loader gives it the function that builds its node tree. */
export class Prefab {
  constructor(readonly build: () => Node = () => { throw new Error('an empty Prefab'); }) {}
}

/** `instantiate(prefab)`: a fresh copy of the prefab's nodes each time, as the engine's. */
export function instantiate(prefab: Prefab): Node {
  return prefab.build();
}

let installed = false;

/** Adds the UI doubles to the module that 'cc' resolves to in tests (idempotent). */
export function installCcUi(): void {
  if (installed) return;
  installed = true;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cc = require('cc') as Record<string, unknown>;
  Object.assign(cc, { Color, Node, UITransform, Label, Button, Graphics, BlockInputEvents, Sprite, ProgressBar, Prefab, instantiate, HorizontalTextAlignment, VerticalTextAlignment });
}

/** The node at a path of names under `root`, e.g. `find(root, 'GasStationUI/DriveButton')`. */
export function find(root: Node, path: string): Node {
  let node: Node | null = root;
  for (const name of path.split('/')) {
    node = node?.getChildByName(name) ?? null;
    if (!node) throw new Error(`no node "${path}" (stopped at "${name}")`);
  }
  return node;
}
