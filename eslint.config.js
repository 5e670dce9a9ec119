import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** An import source naming an adapter or a platform library (grammY, matrix-bot-sdk and their families). */
const PLATFORM_SOURCE = String.raw`/(^|\x2F)adapters\x2F|^(grammy|@grammyjs\x2F|matrix-bot-sdk|@vector-im\x2F|@matrix-org\x2F)/`;

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', '.ci/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // Passing on a caught error unchanged (typed unknown) is as fine in a rejection as in a rethrow.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      'no-console': 'error',
    },
  },
  {
    // Plain JavaScript config files are not in tsconfig.json: lint them without type information.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // The engine owns the ports; adapters implement them. Nothing in src/ may know a platform, statically...
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['grammy', '@grammyjs/*', 'matrix-bot-sdk', '@vector-im/*', '@matrix-org/*'],
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
    // ...nor with import(). The adapter registry (src/platforms.ts, part of the composition root with src/app.ts)
    // loads the configured adapters with import().
    files: ['src/**/*.ts'],
    ignores: ['src/platforms.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: `ImportExpression[source.value=${PLATFORM_SOURCE}]`,
          message:
            'src/ must not import() an adapter or a platform library; only the registry, src/platforms.ts, loads adapters.',
        },
        {
          selector: `ImportExpression > TemplateLiteral.source > TemplateElement[value.raw=${PLATFORM_SOURCE}]`,
          message:
            'src/ must not import() an adapter or a platform library; only the registry, src/platforms.ts, loads adapters.',
        },
      ],
    },
  },
  {
    // Adapters reach the core through the ports (the engine's slice for them included), the message model and a
    // few neutral helpers; the README lists them under "How a message flows".
    files: ['adapters/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: String.raw`^(\.\./)+src/(?!(ports|message|render|util)/|content/(types|commands|languages)\.js$|logger\.js$|config-error\.js$)`,
              message:
                'adapters/ reach the core only through src/ports, src/message, src/render, src/util, src/content/{types,commands,languages}.js (data), src/logger.js, src/config-error.js.',
            },
          ],
        },
      ],
    },
  },
  {
    // Code evaluated inside the browser page: the Node tsconfig has no DOM types, so its values are untyped.
    files: ['tests/web/browser.test.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    files: ['adapters/terminal/**/*.ts', 'bench/**/*.ts', 'src/cli/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
