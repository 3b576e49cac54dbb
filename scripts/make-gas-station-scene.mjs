// Writes the Gas Station sample's Creator assets into assets/samples/gas-station/:
// gas-station.scene (Canvas, camera, the game's node tree: labels, buttons, a progress bar with
// sprites, graphics), sandbox-store-dialog.prefab (the sandbox store sheet), white.png (the
// one sprite image) and a .meta for each of them and for every script, with stable UUIDs.
//
// No Creator editor was available where this sample was made, so the scene is generated in
// Creator 3.8's serialization format (the shape of the JSON Creator 3.8 itself saves, e.g.
// cocos/cocos-example-projects native-script-bridge/assets/scene/JsbBridgeTest.scene) from
// the layout below. Opened in the editor it can be edited and saved like any other scene;
// run `node scripts/make-gas-station-scene.mjs` again only to start over from this layout.
// UUIDs are derived from file paths, so a run never changes a UUID a project already uses.
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { stableUuid } from './pack-extension.mjs';
import { canvasNodes, scriptComponent, serialize, spriteFrameRef } from './scene-serializer.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sample = join(root, 'assets', 'samples', 'gas-station');

/** A uuid for a file of the sample, by its path as installed (assets/samples/gas-station/…). */
const sampleUuid = (file) => stableUuid(`samples/gas-station/${file}`);
const UUID = {
  scene: sampleUuid('gas-station.scene'),
  dialog: sampleUuid('sandbox-store-dialog.prefab'),
  white: sampleUuid('white.png'),
  sampleScript: sampleUuid('gas-station-component.ts'),
  // The component in the extension's mount (scripts/pack-extension.mjs gives it this uuid).
  billingScript: stableUuid('cocos/common-billing-component.ts'),
};

// ---- the layout (sizes and positions in the design resolution, 720 × 640 around the centre)

const label = (name, text, [w, h], [x, y], style = {}) => ({ name, size: [w, h], pos: [x, y], label: { text, ...style } });
const button = (name, caption, [w, h], [x, y], extra = {}) => ({
  name, size: [w, h], pos: [x, y], graphics: true, button: true, ...extra,
  children: [label('Caption', caption, [w - 16, h - 8], [0, 0], { fontSize: 22, color: '#ffffff', bold: true })],
});

const gameUi = {
  name: 'GasStationUI', size: [720, 640], pos: [0, 0], children: [
    label('Title', 'GAS STATION', [720, 50], [0, 285], { fontSize: 40, bold: true, color: '#d9480f' }),
    { name: 'Road', size: [700, 200], pos: [0, 150], graphics: true, children: [
      { name: 'Car', size: [160, 70], pos: [-140, -55], graphics: true },
      label('Odometer', '0 km', [180, 36], [230, -78], { fontSize: 24, color: '#a7f3d0', bold: true }),
    ] },
    label('GaugeCaption', 'GAS', [60, 30], [-300, 20], { fontSize: 22, bold: true, color: '#b45309' }),
    { name: 'Gauge', size: [300, 24], pos: [-100, 20], sprite: '#e2e8f0', progressBar: { bar: 'Bar', length: 300, progress: 0.25 }, children: [
      { name: 'Bar', size: [300, 24], pos: [-150, 0], anchor: [0, 0.5], sprite: '#ff9f1c' },
    ] },
    label('Fuel', '10 L', [160, 36], [250, 20], { fontSize: 26, bold: true, align: 'left' }),
    label('Mileage', '', [300, 30], [-190, -20], { fontSize: 20, align: 'left' }),
    label('Premium', 'No premium pass', [680, 26], [0, -48], { fontSize: 18, align: 'left', color: '#b45309' }),
    button('DriveButton', 'DRIVE', [165, 72], [-264, -100]),
    button('BuyGasButton', 'BUY GAS', [165, 72], [-88, -100]),
    button('UpgradeButton', 'UPGRADE MY CAR', [165, 72], [88, -100]),
    button('PremiumButton', 'PREMIUM PASS', [165, 72], [264, -100]),
    label('Pending', '', [520, 36], [-90, -180], { fontSize: 20, color: '#b45309' }),
    button('CheckPaymentButton', 'CHECK PAYMENT', [190, 44], [250, -180], { active: false }),
    label('Notices', '', [680, 90], [0, -260], { fontSize: 19, align: 'left' }),
  ],
};

const dialog = {
  name: 'SandboxStoreDialog', size: [1600, 1600], pos: [0, 0], active: false, graphics: true, blockInput: true, children: [
    { name: 'Sheet', size: [460, 330], pos: [0, 0], graphics: true, children: [
      label('StoreName', 'Sandbox Store · test purchase', [420, 34], [0, 130], { fontSize: 20, bold: true, color: '#475569' }),
      label('Product', '', [420, 40], [0, 88], { fontSize: 26, bold: true }),
      button('Choice-approve', 'PAY', [196, 70], [-105, 20]),
      button('Choice-pending', 'PAY LATER', [196, 70], [105, 20]),
      button('Choice-fail', 'PAY, THEN CRASH', [196, 70], [-105, -70]),
      button('Choice-cancel', 'CANCEL', [196, 70], [105, -70]),
      button('Choice-duplicate', 'PAY, CALLED BACK TWICE', [406, 40], [0, -136]),
    ] },
  ],
};

// ---- the scene: Canvas (camera, the game node with its two components, the UI)

const white = spriteFrameRef(UUID.white);
const game = {
  name: 'GasStation', size: [720, 640], pos: [0, 0], children: [gameUi],
  scripts: [
    scriptComponent(UUID.billingScript, {
      androidMarket: 'google-play', iosMarket: 'app-store', webMarket: 'sandbox',
      serverUrl: 'http://127.0.0.1:8080', appKey: 'gas-station-demo', encryptedMarketKeys: '{}', consumeModel: 'build-in',
    }),
    scriptComponent(UUID.sampleScript, (ref) => ({
      billingComponent: ref.component('Canvas/GasStation', 0),
      userKey: '',
      ui: ref.node('Canvas/GasStation/GasStationUI'),
      storeDialog: { __uuid__: UUID.dialog, __expectedType__: 'cc.Prefab' },
    })),
  ],
};

const sceneJson = serialize({ kind: 'scene', name: 'gas-station', uuid: UUID.scene, roots: canvasNodes([game]), white });
const prefabJson = serialize({ kind: 'prefab', name: 'sandbox-store-dialog', uuid: UUID.dialog, roots: [dialog], white });

// ---- files and metas

const json = (value) => `${JSON.stringify(value, null, 2)}\n`;
writeFileSync(join(sample, 'gas-station.scene'), json(sceneJson));
writeFileSync(join(sample, 'gas-station.scene.meta'), json({ ver: '1.1.50', importer: 'scene', imported: true, uuid: UUID.scene, files: ['.json'], subMetas: {}, userData: {} }));
writeFileSync(join(sample, 'sandbox-store-dialog.prefab'), json(prefabJson));
writeFileSync(join(sample, 'sandbox-store-dialog.prefab.meta'), json({ ver: '1.1.50', importer: 'prefab', imported: true, uuid: UUID.dialog, files: ['.json'], subMetas: {}, userData: { syncNodeName: 'SandboxStoreDialog' } }));
writeFileSync(join(sample, 'white.png'), whitePng(4));
writeFileSync(join(sample, 'white.png.meta'), json(imageMeta(UUID.white, 'white', 4)));
for (const file of readdirSync(sample).filter((f) => f.endsWith('.ts'))) {
  writeFileSync(join(sample, `${file}.meta`), json({ ver: '4.0.24', importer: 'typescript', imported: true, uuid: sampleUuid(file), files: [], subMetas: {}, userData: {} }));
}
for (const file of readdirSync(sample).filter((f) => f.endsWith('.md'))) {
  writeFileSync(join(sample, `${file}.meta`), json({ ver: '1.0.1', importer: 'text', imported: true, uuid: sampleUuid(file), files: ['.json'], subMetas: {}, userData: {} }));
}
writeFileSync(`${sample}.meta`, json({ ver: '1.2.0', importer: 'directory', imported: true, uuid: stableUuid('samples/gas-station'), files: [], subMetas: {}, userData: {} }));
console.log(`wrote ${sample}: gas-station.scene, sandbox-store-dialog.prefab, white.png and their .meta files`);

/** An opaque white square PNG (RGBA), made with zlib: the sprite the gauge tints. */
function whitePng(size) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'ascii');
    const tail = Buffer.alloc(4);
    tail.writeUInt32BE(crc(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, tail]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  const rows = Buffer.concat(Array.from({ length: size }, () => Buffer.from([0, ...new Array(size * 4).fill(255)])));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/** An image asset with its texture (@6c48a) and sprite frame (@f9941) sub-assets, as Creator 3.8 imports a PNG. */
function imageMeta(uuid, name, size) {
  const h = size / 2;
  return {
    ver: '1.0.27', importer: 'image', imported: true, uuid, files: ['.json', '.png'],
    subMetas: {
      '6c48a': {
        importer: 'texture', uuid: `${uuid}@6c48a`, displayName: name, id: '6c48a', name: 'texture', ver: '1.0.22', imported: true, files: ['.json'], subMetas: {},
        userData: { wrapModeS: 'clamp-to-edge', wrapModeT: 'clamp-to-edge', minfilter: 'linear', magfilter: 'linear', mipfilter: 'none', anisotropy: 0, isUuid: true, imageUuidOrDatabaseUri: uuid, visible: false },
      },
      f9941: {
        importer: 'sprite-frame', uuid: `${uuid}@f9941`, displayName: name, id: 'f9941', name: 'spriteFrame', ver: '1.0.12', imported: true, files: ['.json'], subMetas: {},
        userData: {
          trimType: 'auto', trimThreshold: 1, rotated: false, offsetX: 0, offsetY: 0, trimX: 0, trimY: 0, width: size, height: size, rawWidth: size, rawHeight: size,
          borderTop: 0, borderBottom: 0, borderLeft: 0, borderRight: 0, packable: true, pixelsToUnit: 100, pivotX: 0.5, pivotY: 0.5, meshType: 0,
          vertices: { rawPosition: [-h, -h, 0, h, -h, 0, -h, h, 0, h, h, 0], indexes: [0, 1, 2, 2, 1, 3], uv: [0, size, size, size, 0, 0, size, 0], nuv: [0, 0, 1, 0, 0, 1, 1, 1], minPos: [-h, -h, 0], maxPos: [h, h, 0] },
          isUuid: true, imageUuidOrDatabaseUri: `${uuid}@6c48a`, atlasUuid: '',
        },
      },
    },
    userData: { type: 'sprite-frame', hasAlpha: true, fixAlphaTransparencyArtifacts: false, redirect: `${uuid}@f9941` },
  };
}
