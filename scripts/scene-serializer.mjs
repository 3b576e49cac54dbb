// Serializes a node-tree layout (scripts/make-gas-station-scene.mjs) into Creator 3.8's scene /
// prefab JSON: one flat array of objects that refer to each other by index ({"__id__": n}),
// to assets by uuid ({"__uuid__": …}), and to script classes by the script's compressed uuid
// (a custom component's "__type__"). Field names and defaults follow what Creator 3.8 saves.
import { createHash } from 'node:crypto';

const UI_2D = 33554432; // Layers.Enum.UI_2D
const DEFAULT_LAYER = 1073741824;
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * The class id Creator gives a script component: the script's uuid with its first 5 hex digits
 * kept and the other 27 packed three hex digits into two base64 characters (23 characters).
 */
export function compressUuid(uuid) {
  const hex = uuid.replace(/-/g, '');
  let out = hex.slice(0, 5);
  for (let i = 5; i < 32; i += 3) {
    const [a, b, c] = [hex[i], hex[i + 1], hex[i + 2]].map((d) => parseInt(d, 16));
    out += BASE64[(a << 2) | (b >> 2)] + BASE64[((b & 3) << 4) | c];
  }
  return out;
}

export const spriteFrameRef = (imageUuid) => ({ __uuid__: `${imageUuid}@f9941`, __expectedType__: 'cc.SpriteFrame' });

/** A script component: its script's uuid and its serialized properties (or a function of `ref`). */
export const scriptComponent = (scriptUuid, props) => ({ scriptUuid, props });

/** The Canvas every 2D scene starts with (its camera first), holding the given nodes. */
export function canvasNodes(children) {
  return [{
    name: 'Canvas', size: [1280, 720], pos: [640, 360], canvas: true,
    children: [{ name: 'Camera', size: null, pos: [0, 0, 1000], layer: DEFAULT_LAYER, camera: true }, ...children],
  }];
}

const vec2 = (x, y) => ({ __type__: 'cc.Vec2', x, y });
const vec3 = (x, y, z = 0) => ({ __type__: 'cc.Vec3', x, y, z });
const color = (hex = '#ffffff') => {
  const h = hex.replace('#', '');
  return { __type__: 'cc.Color', r: parseInt(h.slice(0, 2), 16), g: parseInt(h.slice(2, 4), 16), b: parseInt(h.slice(4, 6), 16), a: h.length >= 8 ? parseInt(h.slice(6, 8), 16) : 255 };
};
const RENDERER = { _visFlags: 0, _customMaterial: null, _srcBlendFactor: 2, _dstBlendFactor: 4 };

export function serialize({ kind, name, uuid, roots, white }) {
  const objects = [];
  const add = (obj) => objects.push(obj) - 1;
  const idFor = (key) => createHash('sha256').update(`${uuid}/${key}`).digest('base64').slice(0, 22);
  const nodes = new Map(); // path → node index
  const components = new Map(); // path → { type → index, scripts: [index] }
  const deferred = [];
  const ref = {
    node: (path) => ({ __id__: must(nodes.get(path), path) }),
    component: (path, scriptIndex) => ({ __id__: must(components.get(path)?.scripts[scriptIndex], `${path} script ${scriptIndex}`) }),
    renderer: (path, type) => ({ __id__: must(components.get(path)?.[type], `${path} ${type}`) }),
  };

  const isPrefab = kind === 'prefab';
  if (isPrefab) add({ __type__: 'cc.Prefab', _name: name, _objFlags: 0, __editorExtras__: {}, _native: '', data: { __id__: 1 }, optimizationPolicy: 0, persistent: false });
  else add({ __type__: 'cc.SceneAsset', _name: name, _objFlags: 0, __editorExtras__: {}, _native: '', scene: { __id__: 1 } });
  const sceneIndex = isPrefab ? -1 : add({ __type__: 'cc.Scene', _name: name, _objFlags: 0, __editorExtras__: {}, _parent: null, _children: [], _active: true, _components: [], _prefab: null, autoReleaseAssets: false, _globals: null, _id: uuid });

  const prefabInfo = (path, isRoot) => (isPrefab ? { __id__: add({ __type__: 'cc.PrefabInfo', root: { __id__: 1 }, asset: { __id__: 0 }, fileId: idFor(`${path}#prefab`), instance: null, targetOverrides: null, ...(isRoot ? { nestedPrefabInstanceRoots: null } : {}) }) } : null);
  const compPrefab = (key) => (isPrefab ? { __id__: add({ __type__: 'cc.CompPrefabInfo', fileId: idFor(`${key}#prefab`) }) } : null);

  function emitNode(spec, parentIndex, parentPath) {
    const path = parentPath ? `${parentPath}/${spec.name}` : spec.name;
    const node = {
      __type__: 'cc.Node', _name: spec.name, _objFlags: 0, __editorExtras__: {}, _parent: parentIndex === null ? null : { __id__: parentIndex },
      _children: [], _active: spec.active ?? true, _components: [], _prefab: null,
      _lpos: vec3(...spec.pos), _lrot: { __type__: 'cc.Quat', x: 0, y: 0, z: 0, w: 1 }, _lscale: vec3(1, 1, 1), _mobility: 0,
      _layer: spec.layer ?? UI_2D, _euler: vec3(0, 0, 0), _id: idFor(path),
    };
    const index = add(node);
    nodes.set(path, index);
    node._prefab = prefabInfo(path, parentIndex === null);
    for (const child of spec.children ?? []) node._children.push({ __id__: emitNode(child, index, path) });
    const own = { scripts: [] };
    components.set(path, own);
    const component = (type, fields) => {
      const key = `${path}:${type}`;
      const obj = { __type__: type, _name: '', _objFlags: 0, __editorExtras__: {}, node: { __id__: index }, _enabled: true, __prefab: null, ...fields, _id: idFor(key) };
      const at = add(obj);
      obj.__prefab = compPrefab(key);
      node._components.push({ __id__: at });
      return at;
    };
    if (spec.size) component('cc.UITransform', { _contentSize: { __type__: 'cc.Size', width: spec.size[0], height: spec.size[1] }, _anchorPoint: vec2(...(spec.anchor ?? [0.5, 0.5])) });
    if (spec.camera) own.camera = component('cc.Camera', cameraFields());
    if (spec.sprite) own['cc.Sprite'] = component('cc.Sprite', spriteFields(spec.sprite, white));
    if (spec.graphics) component('cc.Graphics', { ...RENDERER, _color: color(), _lineWidth: 1, _strokeColor: color('#000000'), _lineJoin: 2, _lineCap: 0, _fillColor: color(), _miterLimit: 10 });
    if (spec.label) component('cc.Label', labelFields(spec.label));
    if (spec.button) component('cc.Button', buttonFields(index));
    if (spec.blockInput) component('cc.BlockInputEvents', {});
    if (spec.progressBar) {
      const { bar, length, progress } = spec.progressBar;
      const at = component('cc.ProgressBar', { _barSprite: null, _mode: 0, _totalLength: length, _progress: progress, _reverse: false });
      deferred.push(() => { objects[at]._barSprite = ref.renderer(`${path}/${bar}`, 'cc.Sprite'); });
    }
    if (spec.canvas) {
      const canvas = component('cc.Canvas', { _cameraComponent: null, _alignCanvasWithScreen: true });
      deferred.push(() => { objects[canvas]._cameraComponent = { __id__: must(components.get(`${path}/Camera`)?.camera, 'the canvas camera') }; });
      component('cc.Widget', { _alignFlags: 45, _target: null, _left: 0, _right: 0, _top: 0, _bottom: 0, _horizontalCenter: 0, _verticalCenter: 0, _isAbsLeft: true, _isAbsRight: true, _isAbsTop: true, _isAbsBottom: true, _isAbsHorizontalCenter: true, _isAbsVerticalCenter: true, _originalWidth: 0, _originalHeight: 0, _alignMode: 2, _lockFlags: 0 });
    }
    for (const script of spec.scripts ?? []) {
      const at = component(compressUuid(script.scriptUuid), typeof script.props === 'function' ? {} : script.props);
      own.scripts.push(at);
      if (typeof script.props === 'function') deferred.push(() => Object.assign(objects[at], script.props(ref), { _id: objects[at]._id }));
    }
    return index;
  }

  for (const root of roots) {
    const at = emitNode(root, isPrefab ? null : sceneIndex, '');
    if (!isPrefab) objects[sceneIndex]._children.push({ __id__: at });
  }
  for (const fill of deferred) fill();
  if (!isPrefab) objects[sceneIndex]._globals = { __id__: addGlobals(add) };
  return objects;
}

function must(value, what) {
  if (value === undefined) throw new Error(`scene layout: no ${what}`);
  return value;
}

function cameraFields() {
  return {
    _projection: 0, _priority: 1073741824, _fov: 45, _fovAxis: 0, _orthoHeight: 360, _near: 0, _far: 2000, _color: color('#f1f5f9'), _depth: 1, _stencil: 0,
    _clearFlags: 7, _rect: { __type__: 'cc.Rect', x: 0, y: 0, width: 1, height: 1 }, _aperture: 19, _shutter: 7, _iso: 0, _screenScale: 1,
    _visibility: 41943040, _targetTexture: null, _postProcess: null, _usePostProcess: false, _cameraType: -1, _trackingType: 0,
  };
}

function spriteFields(tint, white) {
  return {
    ...RENDERER, _color: color(tint), _spriteFrame: white, _type: 0, _fillType: 0, _sizeMode: 0, _fillCenter: vec2(0, 0), _fillStart: 0, _fillRange: 0,
    _isTrimmedMode: true, _useGrayscale: false, _atlas: null,
  };
}

function labelFields({ text, fontSize = 24, color: hex = '#23303d', bold = false, align = 'center' }) {
  return {
    ...RENDERER, _color: color(hex), _string: text, _horizontalAlign: { left: 0, center: 1, right: 2 }[align], _verticalAlign: 1,
    _actualFontSize: fontSize, _fontSize: fontSize, _fontFamily: 'Arial', _lineHeight: Math.round(fontSize * 1.25), _overflow: 2, _enableWrapText: true,
    _font: null, _isSystemFontUsed: true, _spacingX: 0, _isItalic: false, _isBold: bold, _isUnderline: false, _underlineHeight: 2, _cacheMode: 0,
    _enableOutline: false, _outlineColor: color('#000000'), _outlineWidth: 2, _enableShadow: false, _shadowColor: color('#000000'), _shadowOffset: vec2(2, 2), _shadowBlur: 2,
  };
}

function buttonFields(nodeIndex) {
  return {
    clickEvents: [], _interactable: true, _transition: 3, _normalColor: color('#ffffff'), _hoverColor: color('#d3d3d3'), _pressedColor: color('#ffffff'),
    _disabledColor: color('#7c7c7c'), _normalSprite: null, _hoverSprite: null, _pressedSprite: null, _disabledSprite: null, _duration: 0.1, _zoomScale: 1.1,
    _target: { __id__: nodeIndex },
  };
}

function addGlobals(add) {
  const v4 = (x, y, z, w) => ({ __type__: 'cc.Vec4', x, y, z, w });
  const globals = { __type__: 'cc.SceneGlobals', ambient: null, shadows: null, _skybox: null, fog: null, octree: null };
  const at = add(globals);
  globals.ambient = { __id__: add({ __type__: 'cc.AmbientInfo', _skyColorHDR: v4(0.2, 0.5, 0.8, 0.52), _skyColor: v4(0.2, 0.5, 0.8, 0.52), _skyIllumHDR: 20000, _skyIllum: 20000, _groundAlbedoHDR: v4(0.2, 0.2, 0.2, 1), _groundAlbedo: v4(0.2, 0.2, 0.2, 1), _skyColorLDR: v4(0.2, 0.5, 0.8, 1), _skyIllumLDR: 20000, _groundAlbedoLDR: v4(0.2, 0.2, 0.2, 1) }) };
  globals.shadows = { __id__: add({ __type__: 'cc.ShadowsInfo', _enabled: false, _type: 0, _normal: vec3(0, 1, 0), _distance: 0, _shadowColor: color('#4c4c4c'), _maxReceived: 4, _size: vec2(512, 512) }) };
  globals._skybox = { __id__: add({ __type__: 'cc.SkyboxInfo', _envLightingType: 0, _envmapHDR: null, _envmap: null, _envmapLDR: null, _diffuseMapHDR: null, _diffuseMapLDR: null, _enabled: false, _useHDR: true }) };
  globals.fog = { __id__: add({ __type__: 'cc.FogInfo', _type: 0, _fogColor: color('#c8c8c8'), _enabled: false, _fogDensity: 0.3, _fogStart: 0.5, _fogEnd: 300, _fogAtten: 5, _fogTop: 1.5, _fogRange: 1.2, _accurate: false }) };
  globals.octree = { __id__: add({ __type__: 'cc.OctreeInfo', _enabled: false, _minPos: vec3(-1024, -1024, -1024), _maxPos: vec3(1024, 1024, 1024), _depth: 8 }) };
  return at;
}
