// The Cocos Creator extension (extensions/common-billing): each editor entry becomes one
// CommonJS file under dist/, because the editor require()s them (COCOS.md §1, §2). Node
// built-ins (the market-key seal uses Node's crypto) and the editor's own modules stay external;
// everything else (typebox, the shared protocol) is bundled so the packed extension needs no node_modules.
// `npm run build` writes the release artifact: dist/extension/common-billing/ and its .zip
// (scripts/pack-extension.mjs adds everything but dist/ once rollup has written it).
import typescript from '@rollup/plugin-typescript';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = 'extensions/common-billing';
const external = [...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'electron'];

/** The config for a given output folder (tests build into a temp folder). */
export function createExtensionConfig(distDir = `${root}/dist`) {
  return {
  input: {
    main: `${root}/src/main.ts`,
    panel: `${root}/src/panel/index.ts`,
    builder: `${root}/src/builder.ts`,
    hooks: `${root}/src/hooks.ts`,
  },
  output: { dir: distDir, format: 'cjs', exports: 'named', sourcemap: false, chunkFileNames: 'chunks/[name].js' },
  external,
  // typebox's own module cycles are harmless; any other warning still shows.
  onwarn(warning, warn) {
    if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.every((id) => id.includes('node_modules'))) return;
    warn(warning);
  },
  plugins: [
    nodeResolve({ preferBuiltins: true, exportConditions: ['node', 'require', 'default'] }),
    typescript({ tsconfig: 'tsconfig.editor.json', compilerOptions: { noEmit: false, module: 'ESNext', target: 'ES2019', declaration: false, rootDir: '.', outDir: distDir }, outputToFilesystem: false, include: ['extensions/common-billing/src/**/*.ts', 'assets/common-billing/**/*.ts'] }),
  ],
};
}

/** After rollup writes dist/, the rest of the installable folder and the zip. */
function packExtension(out) {
  return {
    name: 'pack-extension',
    async writeBundle() {
      const { assembleExtension, zipExtension, describePack } = await import('../scripts/pack-extension.mjs');
      assembleExtension(out);
      console.log(describePack(out, zipExtension(out)));
    },
  };
}

// Absolute, so the pack step does not depend on the directory rollup was started from.
const RELEASE = fileURLToPath(new URL('../dist/extension/common-billing', import.meta.url));
const release = createExtensionConfig(`${RELEASE}/dist`);
export default { ...release, plugins: [...release.plugins, packExtension(RELEASE)] };
