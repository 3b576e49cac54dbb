// The web edition of the sample game (issue #8): demo/src/main.ts (the Gas Station rules and
// purchase handling from assets/samples/gas-station/ + the SDK core with the sandbox market)
// → dist/demo/demo.js, with demo/index.html and demo/style.css copied beside it. The billing
// server serves dist/demo under /demo (server/src/demo/). The sample imports the SDK as
// db://common-billing/… (the editor extension's mount, as in a Creator project); the "paths" of
// tsconfig.base.json map that to assets/common-billing/, and the TypeScript plugin resolves it so.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import typescript from '@rollup/plugin-typescript';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

const STATIC_FILES = ['index.html', 'style.css'];
const ROOT = fileURLToPath(new URL('..', import.meta.url));

function copyStatic() {
  return {
    name: 'demo-static',
    buildStart() {
      for (const file of STATIC_FILES) {
        const url = new URL(`../demo/${file}`, import.meta.url);
        this.addWatchFile(url.pathname);
        this.emitFile({ type: 'asset', fileName: file, source: readFileSync(url) });
      }
    },
  };
}

export default {
  input: 'demo/src/main.ts',
  output: { file: 'dist/demo/demo.js', format: 'iife', sourcemap: true },
  plugins: [
    nodeResolve({ browser: true }),
    // noEmitOnError: a type error in the demo (or in the SDK code it pulls in) fails the build.
    typescript({
      tsconfig: 'demo/tsconfig.json',
      noEmitOnError: true,
      // Paths in demo/tsconfig.json resolve from demo/; the bundle's sources span the repository.
      compilerOptions: { noEmit: false, outDir: `${ROOT}dist/demo`, rootDir: ROOT, declaration: false, sourceMap: true },
    }),
    terser(),
    copyStatic(),
  ],
};
