// The Cocos Creator extension (extensions/common-billing): each editor entry becomes one
// CommonJS file under dist/, because the editor require()s them (COCOS.md §1, §2). Node
// built-ins (the market-key seal uses Node's crypto) and the editor's own modules stay external;
// everything else (typebox, the shared protocol) is bundled so the packed extension needs no node_modules.
import typescript from '@rollup/plugin-typescript';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { builtinModules } from 'node:module';

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

export default createExtensionConfig();
