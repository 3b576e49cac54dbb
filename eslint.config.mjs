// Lint: TypeScript rules plus the boundaries of DESIGN.md §1 — the Cocos engine ('cc',
// 'cc/env') only inside assets/common-billing/cocos/ and assets/samples/, and the SDK core
// never touches browser or engine globals directly (they are injected).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ccImportBan = {
  'no-restricted-imports': ['error', {
    paths: [
      { name: 'cc', message: "Import 'cc' only in assets/common-billing/cocos/ or assets/samples/." },
      { name: 'cc/env', message: "Import 'cc/env' only in assets/common-billing/cocos/ or assets/samples/." },
    ],
  }],
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'build/**', 'data/**', 'coverage/**', 'bench/results/**', 'tests/artifacts/**', 'console/public/**', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      ...ccImportBan,
    },
  },
  {
    files: ['assets/common-billing/cocos/**/*.ts', 'assets/samples/**/*.ts', 'tests/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['assets/common-billing/core/**/*.ts', 'assets/common-billing/markets/**/*.ts', 'assets/common-billing/protocol/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error',
        { name: 'window', message: 'Inject it; the SDK core runs outside browsers.' },
        { name: 'document', message: 'Inject it; the SDK core runs outside browsers.' },
        { name: 'localStorage', message: 'Use the injected storage.' },
        { name: 'fetch', message: 'Use the injected fetch.' },
        { name: 'jsb', message: 'Native access goes through a bridge in assets/common-billing/cocos/.' },
      ],
    },
  },
);
