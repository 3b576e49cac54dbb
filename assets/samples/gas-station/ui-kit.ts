import { Button, Color, Graphics, Label, UITransform, type Component, type Node } from 'cc';

/**
 * Small helpers that bind the sample's code to the nodes of gas-station.scene and
 * sandbox-store-dialog.prefab, and draw the parts Graphics paints at run time.
 */

export function hex(value: string): Color {
  return new Color().fromHEX(value);
}

/** The node at a path under `root` (e.g. 'Road/Car'; '' is root); a scene edited without it is a clear error. */
export function childAt(root: Node, path: string): Node {
  const node = path ? root.getChildByPath(path) : root;
  if (!node) throw new Error(`Gas Station: the node "${root.name}/${path}" is missing from the scene`);
  return node;
}

/** The component of a type on the node at `path` (see childAt). */
export function componentAt<T extends Component>(root: Node, path: string, type: new () => T): T {
  const component = childAt(root, path).getComponent(type);
  if (!component) throw new Error(`Gas Station: "${root.name}/${path}" has no ${type.name} component`);
  return component;
}

/** A filled rounded rectangle drawn with Graphics (the node's own size, centred). */
export function fillRoundRect(graphics: Graphics, width: number, height: number, radius: number, color: string): void {
  graphics.fillColor = hex(color);
  graphics.roundRect(-width / 2, -height / 2, width, height, radius);
  graphics.fill();
}

export interface GameButton {
  node: Node;
  button: Button;
  label: Label;
  setEnabled(enabled: boolean): void;
}

/**
 * A button of the scene (Graphics + Button, a `Caption` label child): painted in its colour,
 * greyed out while disabled, and wired to `onClick` only while interactable.
 */
export function bindButton(node: Node, color: string, onClick: () => void): GameButton {
  const background = componentAt(node, '', Graphics);
  const button = componentAt(node, '', Button);
  const label = componentAt(node, 'Caption', Label);
  const { width, height } = componentAt(node, '', UITransform);
  node.on(Button.EventType.CLICK, () => {
    if (button.interactable) onClick();
  });
  const draw = (enabled: boolean): void => {
    background.clear();
    fillRoundRect(background, width, height, 14, enabled ? color : '#9aa3ad');
  };
  draw(button.interactable);
  return {
    node,
    button,
    label,
    setEnabled(enabled: boolean) {
      if (button.interactable === enabled) return;
      button.interactable = enabled;
      draw(enabled);
    },
  };
}
