import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { decompressUuid } from '../demo/support/scene-loader';
import { filesUnder, packAndInstall, type InstalledProject } from './support/creator-project';

type Json = Record<string, unknown>;

interface Script {
  file: string;
  source: string;
  classes: string[];
}

/** Every `@ccclass('Name')` a script registers, and the fields it declares with `@property`. */
const registered = (source: string) => [...source.matchAll(/@ccclass\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!);
const properties = (source: string) => new Set([...source.matchAll(/@property\((?:[^()]|\([^()]*\))*\)\s*(\w+)/g)].map((m) => m[1]!));

/** Every value of a key anywhere in a JSON tree. */
function valuesOf(node: unknown, key: string, out: unknown[] = []): unknown[] {
  if (Array.isArray(node)) for (const item of node) valuesOf(item, key, out);
  else if (typeof node === 'object' && node !== null) {
    for (const [k, v] of Object.entries(node)) {
      if (k === key) out.push(v);
      valuesOf(v, key, out);
    }
  }
  return out;
}

/**
 * The sample's scene and prefab, as installed (sample in assets/, SDK in the extension's
 * read-only mount): every asset uuid they name has a .meta in the project or the package,
 * every script component names a class that a script registers, with properties it declares,
 * and no class is registered twice (the failure of copying the SDK into assets/ as well).
 */
describe('extension: the Gas Station scene and prefab reference only what the install holds', function () {
  this.timeout(180000);
  let install: InstalledProject;
  const uuids = new Map<string, string>(); // asset or sub-asset uuid → file
  const scripts = new Map<string, Script>(); // script uuid → script
  let documents: string[];

  before(() => {
    install = packAndInstall();
    const roots = [join(install.project, 'assets'), join(install.extension, 'assets')];
    for (const root of roots) {
      for (const metaFile of filesUnder(root, /\.meta$/)) {
        const meta = JSON.parse(readFileSync(join(root, metaFile), 'utf8')) as { uuid: string; importer: string; subMetas?: Record<string, { uuid: string }> };
        const asset = join(root, metaFile.slice(0, -'.meta'.length));
        expect(uuids.has(meta.uuid), `uuid ${meta.uuid} of ${metaFile} is unique`).to.equal(false);
        uuids.set(meta.uuid, asset);
        for (const sub of Object.values(meta.subMetas ?? {})) uuids.set(sub.uuid, asset);
        if (meta.importer === 'typescript') {
          const source = readFileSync(asset, 'utf8');
          scripts.set(meta.uuid, { file: asset, source, classes: registered(source) });
        }
      }
    }
    documents = filesUnder(join(install.project, 'assets'), /\.(scene|prefab)$/).map((f) => join(install.project, 'assets', f));
  });

  it('ships a scene and a prefab, each a well-formed object list whose __id__ references are in range', () => {
    expect(documents.map((d) => basename(d)).sort()).to.deep.equal(['gas-station.scene', 'sandbox-store-dialog.prefab']);
    for (const doc of documents) {
      const objects = JSON.parse(readFileSync(doc, 'utf8')) as Json[];
      expect(objects[0]!.__type__).to.equal(doc.endsWith('.scene') ? 'cc.SceneAsset' : 'cc.Prefab');
      for (const id of valuesOf(objects, '__id__')) expect(id).to.be.a('number').within(0, objects.length - 1);
      // The scene's id is its .meta uuid, as Creator saves it.
      if (doc.endsWith('.scene')) expect(uuids.get(objects.find((o) => o.__type__ === 'cc.Scene')!._id as string)).to.equal(doc);
    }
  });

  it('every asset uuid they name resolves to a .meta in the project or the package', () => {
    let count = 0;
    for (const doc of documents) {
      for (const uuid of valuesOf(JSON.parse(readFileSync(doc, 'utf8')), '__uuid__')) {
        count++;
        expect(uuids.has(String(uuid)), `${basename(doc)}: ${String(uuid)}`).to.equal(true);
      }
    }
    expect(count).to.be.greaterThan(2);
  });

  it('every script component names a class a script registers, and sets only properties that class declares', () => {
    const used: string[] = [];
    for (const doc of documents) {
      for (const object of JSON.parse(readFileSync(doc, 'utf8')) as Json[]) {
        const type = String(object.__type__);
        if (type.startsWith('cc.')) continue;
        const script = scripts.get(decompressUuid(type));
        expect(script, `${basename(doc)}: component ${type} has a script`).to.not.equal(undefined);
        expect(script!.classes, `${basename(script!.file)} registers one class`).to.have.length(1);
        used.push(script!.classes[0]!);
        const declared = properties(script!.source);
        for (const key of Object.keys(object).filter((k) => !k.startsWith('_') && k !== 'node')) {
          expect(declared.has(key), `${script!.classes[0]}.${key} is a @property`).to.equal(true);
        }
      }
    }
    expect(used.sort()).to.deep.equal(['CBCommonBilling', 'CBGasStationSample']);
  });

  it('no class name is registered twice across the project and the mount', () => {
    const names = [...scripts.values()].flatMap((s) => s.classes);
    expect(names).to.include.members(['CBCommonBilling', 'CBGasStationSample']);
    expect(new Set(names).size, names.join(', ')).to.equal(names.length);
  });
});
