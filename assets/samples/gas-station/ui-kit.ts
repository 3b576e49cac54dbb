import { Button, Color, Graphics, HorizontalTextAlignment, Label, Node, UITransform, VerticalTextAlignment } from 'cc';

/**
 * A few helpers that build UI nodes in code, so the sample needs no prefab, sprite or font
 * asset: a scene needs only the one node that carries the GasStation component.
 */

export function hex(value: string): Color {
  return new Color().fromHEX(value);
}

export function makeNode(name: string, parent: Node, width: number, height: number, x = 0, y = 0): Node {
  const node = new Node(name);
  node.layer = parent.layer;
  node.addComponent(UITransform).setContentSize(width, height);
  node.setPosition(x, y);
  parent.addChild(node);
  return node;
}

export interface LabelStyle {
  fontSize?: number;
  color?: string;
  bold?: boolean;
  align?: 'left' | 'center' | 'right';
}

export function makeLabel(parent: Node, name: string, text: string, width: number, height: number, x: number, y: number, style: LabelStyle = {}): Label {
  const node = makeNode(name, parent, width, height, x, y);
  const label = node.addComponent(Label);
  label.string = text;
  label.fontSize = style.fontSize ?? 24;
  label.lineHeight = Math.round((style.fontSize ?? 24) * 1.25);
  label.color = hex(style.color ?? '#23303d');
  label.isBold = style.bold ?? false;
  label.overflow = Label.Overflow.SHRINK;
  label.enableWrapText = true;
  label.horizontalAlign = style.align === 'left' ? HorizontalTextAlignment.LEFT : style.align === 'right' ? HorizontalTextAlignment.RIGHT : HorizontalTextAlignment.CENTER;
  label.verticalAlign = VerticalTextAlignment.CENTER;
  return label;
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

/** A coloured button with a caption; greyed out while disabled. */
export function makeButton(parent: Node, name: string, caption: string, width: number, height: number, x: number, y: number, color: string, onClick: () => void): GameButton {
  const node = makeNode(name, parent, width, height, x, y);
  const background = node.addComponent(Graphics);
  const button = node.addComponent(Button);
  button.transition = Button.Transition.SCALE;
  const label = makeLabel(node, 'Caption', caption, width - 16, height - 8, 0, 0, { fontSize: 22, color: '#ffffff', bold: true });
  node.on(Button.EventType.CLICK, () => {
    if (button.interactable) onClick();
  });
  const draw = (enabled: boolean): void => {
    background.clear();
    fillRoundRect(background, width, height, 14, enabled ? color : '#9aa3ad');
  };
  draw(true);
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
