// ESLint over the project's own code: ESLint's recommended rules and typescript-eslint's (without type information,
// so it stays fast; `tsc --noEmit` type-checks). Generated and built files are left out.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

const NODE_GLOBALS = {
  require: 'readonly',
  module: 'writable',
  process: 'readonly',
  __dirname: 'readonly',
  console: 'readonly',
};

module.exports = tseslint.config(
  {
    ignores: ['dist/', 'imports/', '.build/', '.cdk8s.out/', '.cluster/', 'bench/.work/', 'coverage/', 'node_modules/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: NODE_GLOBALS },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ['**/*.mjs'], languageOptions: { sourceType: 'module', globals: NODE_GLOBALS } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
);
