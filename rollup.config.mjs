// Every bundle of the project. Each part owns one file under rollup/ that default-exports a
// rollup options object or an array of them (the SDK bundle, the editor extension, the
// console UI, the web demo), so parts never edit each other's build.
import { readdirSync } from 'node:fs';

const dir = new URL('./rollup/', import.meta.url);
const parts = readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort();
const configs = [];
for (const file of parts) {
  const mod = await import(new URL(file, dir).href);
  configs.push(...[].concat(mod.default));
}
export default configs;
