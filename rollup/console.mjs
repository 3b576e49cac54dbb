// The support console UI (issue #7): console/src/main.ts → dist/console/console.js, plus the
// static files of console/public/ copied beside it. The billing server serves dist/console
// under /console.
import { readdirSync, readFileSync } from 'node:fs';
import typescript from '@rollup/plugin-typescript';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

const publicDir = new URL('../console/public/', import.meta.url);

/** Emits every file of console/public/ as an asset of the bundle. */
function copyPublic() {
  return {
    name: 'console-public',
    buildStart() {
      for (const file of readdirSync(publicDir)) {
        this.addWatchFile(new URL(file, publicDir).pathname);
        this.emitFile({ type: 'asset', fileName: file, source: readFileSync(new URL(file, publicDir)) });
      }
    },
  };
}

export default {
  input: 'console/src/main.ts',
  output: { file: 'dist/console/console.js', format: 'iife', sourcemap: true },
  plugins: [
    nodeResolve({ browser: true }),
    typescript({ tsconfig: 'tsconfig.console.json', compilerOptions: { noEmit: false, outDir: 'dist/console', rootDir: '.', declaration: false, sourceMap: true } }),
    terser(),
    copyPublic(),
  ],
};
