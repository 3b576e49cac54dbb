// One mocha run for every TypeScript suite. tsx transpiles on the fly; register-cc swaps
// the Cocos engine ('cc', 'cc/env') for the test double at run time while tsc still checks
// the code against the real engine declarations.
module.exports = {
  require: ['tsx/cjs', './tests/support/register-cc.cjs'],
  extension: ['ts'],
  spec: process.env.MOCHA_SPEC ? process.env.MOCHA_SPEC.split(',') : ['tests/**/*.spec.ts'],
  reporter: './tests/support/summary-reporter.cjs',
  timeout: 20000,
  exit: true,
};
