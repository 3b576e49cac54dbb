// The runtime SDK bundle: core + every market, minified; no cipher (the native bridge opens the
// market key). It is what bench/sdk measures against the 10,240 B (min+gzip) budget. TypeBox must never end up
// here: the SDK imports protocol schemas as types only; nor must the public error messages
// (protocol/errors/messages.ts, server and console only).
import typescript from '@rollup/plugin-typescript';
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

const PRIVATE_MEMBERS = new RegExp(`^(${[
  'adapter', 'baseUrl', 'byPurchaseId', 'chooseOutcome', 'closed', 'definition', 'describe', 'dispatch', 'engine', 'entryKey',
  'handleEvent', 'handleResponse', 'indexKey', 'isFinishedOwnership', 'journal', 'launching', 'listeners', 'live', 'malformed',
  'mutex', 'namespace', 'nextId', 'onNativeEvent', 'onResponse', 'onStoreUpdate', 'openProducts', 'phase', 'prefix', 'productTypes',
  'rejectWaiter', 'reportError', 'requireLogin', 'requireReady', 'settle', 'sink', 'tail', 'timeoutMs',
  'unsubscribe', 'verifyFailed', 'waiters', 'waitFor', 'writeIndex', 'writes', 'closeUndelivered', 'afterConsumed', 'findForStore',
  'applyStorePurchase', 'handleStorePurchases', 'handleLaunchError', 'openEntries', 'reservationBinding',
  'finishedIds', 'wasFinished', 'journalLock', 'transition', 'verify', 'replay', 'compact', 'load', 'write',
  'submitReceipt', 'createSession', 'reserve', 'request', 'unsubscribe', 'pending', 'recordStorePurchase', 'changed',
  'emit', 'native', 'listener', 'bridge', 'api', 'options', 'child', 'run',
  'buy', 'storeProductId', 'manage', 'isRenewal', 'openKeys', 'sealedPages',
  'pageKey', 'writeHead', 'writePage', 'retain', 'keyCheckOffSaid', 'createBridge', 'replayed',
  'toState', 'launchBinding', 'purchaseBinding', 'finishMethod', 'storeProducts',
].join('|')})$`);

export default {
  input: 'assets/common-billing/core/index.ts',
  output: { file: 'dist/sdk/common-billing.min.mjs', format: 'es', sourcemap: false },
  plugins: [
    typescript({
      tsconfig: false,
      include: ['assets/common-billing/core/**/*.ts', 'assets/common-billing/markets/**/*.ts', 'assets/common-billing/protocol/**/*.ts'],
      noForceEmit: false,
      compilerOptions: {
        target: 'ES2020',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        strict: true,
        experimentalDecorators: true,
        useDefineForClassFields: false,
        skipLibCheck: true,
        noEmit: false,
        declaration: false,
        lib: ['ES2020', 'DOM'],
        types: [],
        noCheck: true,
      },
    }),
    resolve({ browser: true }),
    terser({
      module: true,
      toplevel: true,
      ecma: 2020,
      format: { comments: false },
      compress: { passes: 3, unsafe_arrows: true, unsafe_methods: true },
      // Private members of the SDK's own classes only: never a wire field, a storage field or
      // a public API name (bench/sdk runs a purchase through the built bundle to prove it).
      // `builtins`: a few of them (closed, listeners, prefix, pending…) are also DOM property
      // names, which terser otherwise leaves alone; the SDK never reads them from a DOM object.
      mangle: { properties: { regex: PRIVATE_MEMBERS, builtins: true } },
    }),
  ],
  onwarn(warning, warn) {
    if (warning.code === 'CIRCULAR_DEPENDENCY' && String(warning.message).includes('node_modules')) return;
    warn(warning);
  },
};
