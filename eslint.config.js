import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const headlessCore = ['src/sim/**', 'src/kafka/**', 'src/scenario/**', 'src/check/**'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  // The determinism block: the headless core never reads real time or real randomness,
  // and never imports the UI libraries. See DESIGN.md, "The one rule".
  {
    files: headlessCore.map((g) => `${g}/*.ts`).concat(headlessCore.map((g) => g.replace('/**', '/**/*.ts'))),
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the seeded PRNG (src/sim/random.ts).' },
        { object: 'Date', property: 'now', message: 'The world owns time: use world.nowMs.' },
        { object: 'performance', property: 'now', message: 'The world owns time: use world.nowMs.' },
        { object: 'crypto', property: 'getRandomValues', message: 'Use the seeded PRNG.' },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'Date', message: 'The world owns time.' },
        { name: 'performance', message: 'The world owns time.' },
        { name: 'setTimeout', message: 'Schedule an event in the world queue.' },
        { name: 'setInterval', message: 'Schedule an event in the world queue.' },
        { name: 'requestAnimationFrame', message: 'Animation belongs to the UI.' },
        { name: 'crypto', message: 'Use the seeded PRNG.' },
        { name: 'window', message: 'The headless core has no DOM.' },
        { name: 'document', message: 'The headless core has no DOM.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='globalThis'][property.name=/^(Math|Date|performance|crypto|setTimeout|setInterval)$/]",
          message: 'No real time or randomness in the headless core.',
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-dom', 'react/*', 'react-dom/*', 'd3', 'd3-*', 'zustand', 'zustand/*'], message: 'The headless core never imports UI libraries.' },
            { group: ['**/ui/**', '**/host/**', '**/cli/**', 'node:*', 'fs', 'path'], message: 'Imports only point down: the core does not reach up or into Node.' },
          ],
        },
      ],
    },
  },
);
