// Lint: TypeScript-aware recommended rules; underscore-prefixed names are deliberately unused.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.data/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        module: 'writable',
        require: 'readonly',
        __dirname: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  // What no function or workflow module may carry into a Lambda: date-holidays and the compiler
  // (the holiday calendar is compiled at build time: workflows/policy/holiday-compiler.ts), classic zod, luxon.
  {
    files: ['functions/**', 'workflows/**'],
    ignores: ['workflows/policy/holiday-compiler.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'date-holidays', message: "build time only: read the policy's compiled holiday calendar" },
            // Classic zod is ~440 KB in every bundle it reaches; the mini build tree-shakes.
            { name: 'zod', message: 'import zod (mini) from workflows/validation/zod-mini' },
            // luxon is ~70 KB in every bundle; tests keep it to check workflows/time/zoned-time.ts against.
            { name: 'luxon', message: 'use workflows/time/zoned-time (local time in a zone) and Intl for display' },
          ],
          patterns: [{ group: ['**/holiday-compiler', '**/compile-policy'], message: 'build time only' }],
        },
      ],
    },
  },
);
