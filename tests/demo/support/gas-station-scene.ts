import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CommonBillingComponent } from '../../../assets/common-billing/cocos/common-billing-component';
import { GasStationSample } from '../../../assets/samples/gas-station/gas-station-component';
import { find, type Node } from './cc-ui-double';
import { loadAsset, metasIn } from './scene-loader';

export const SAMPLE_DIR = join(__dirname, '..', '..', '..', 'assets', 'samples', 'gas-station');
const ROOT = join(__dirname, '..', '..', '..');

/**
 * gas-station.scene as the engine would open it with the extension installed: the sample's
 * scripts by their committed .meta uuids, the CommonBilling component by the uuid the packed
 * extension gives it (scripts/pack-extension.mjs), the dialog prefab by its .meta.
 */
export async function openGasStationScene(): Promise<{ root: Node; sample: GasStationSample; billing: CommonBillingComponent }> {
  const { stableUuid } = await import(pathToFileURL(join(ROOT, 'scripts', 'pack-extension.mjs')).href) as { stableUuid(path: string): string };
  const sampleUuid = (JSON.parse(readFileSync(join(SAMPLE_DIR, 'gas-station-component.ts.meta'), 'utf8')) as { uuid: string }).uuid;
  const scripts = new Map<string, new () => object>([
    [sampleUuid, GasStationSample],
    [stableUuid('cocos/common-billing-component.ts'), CommonBillingComponent],
  ]);
  const [canvas] = loadAsset(join(SAMPLE_DIR, 'gas-station.scene'), { scripts, assets: metasIn(SAMPLE_DIR) });
  const root = find(canvas!, 'GasStation');
  const sample = root.getComponent(GasStationSample);
  const billing = root.getComponent(CommonBillingComponent);
  if (!sample || !billing) throw new Error('gas-station.scene: the GasStation node lacks its components');
  return { root, sample, billing };
}
