import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const coreNodeBan = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          regex: '^node:',
          message: 'Core packages use Web APIs only, so they run on Node, Deno and in browsers.',
        },
      ],
      paths: ['fs', 'path', 'os', 'crypto', 'child_process', 'process', 'buffer', 'util'].map(
        (name) => ({ name, message: 'Core packages use Web APIs only.' }),
      ),
    },
  ],
  'no-restricted-globals': [
    'error',
    { name: 'process', message: 'Core packages use Web APIs only.' },
    { name: 'Buffer', message: 'Core packages use Web APIs only.' },
    { name: 'require', message: 'Core packages are ES modules.' },
  ],
};

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/out-tsc/**',
      '**/node_modules/**',
      '**/.nx/**',
      '**/tests/fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports only.' },
      ],
    },
  },
  {
    files: ['packages/{config-schema,pki,renderer}/src/**/*.ts'],
    rules: coreNodeBan,
  },
  {
    files: ['**/*.config.ts', '**/*.config.mjs', 'eslint.config.mjs'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['scripts/**/*.mjs', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
