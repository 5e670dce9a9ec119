import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', '.ci/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // The engine owns the ports; adapters implement them. Nothing in src/ may know a platform.
    files: ['src/**/*.ts'],
    // src/main.ts is the composition root: it loads the configured adapters with dynamic import().
    ignores: ['src/main.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['grammy', '@grammyjs/*', 'matrix-bot-sdk', '@vector-im/*'],
              message: 'src/ must not import a platform library; put it in adapters/.',
            },
            {
              group: ['**/adapters/**', '../adapters/*', '../../adapters/*'],
              message: 'src/ must not import adapters/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['adapters/terminal/**/*.ts', 'bench/**/*.ts', 'src/cli/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
