/**
 * The seam between core and platforms, proven two ways: no file in src/ (but the adapter registry) names an
 * adapter or a platform library in any import, and the lint rule that guards it catches dynamic import() too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const PLATFORM = /(^|\/)adapters\/|^(grammy|@grammyjs\/|matrix-bot-sdk|@vector-im\/|@matrix-org\/)/;

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

/** Every module specifier in a file: `from '…'`, `import '…'`, `import('…')` and `import(`…`)`. */
function specifiers(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(?\s*['"`]([^'"`]+)['"`]/g))
    found.push((m[1] ?? m[2])!);
  return found;
}

/** ESLint with the project's config, minus type information (the fixtures are not files on disk). */
function linter(): ESLint {
  return new ESLint({
    cwd: ROOT,
    overrideConfig: [
      tseslint.configs.disableTypeChecked,
      { languageOptions: { parserOptions: { projectService: false, project: null } } },
    ],
  });
}

async function boundaryFindings(filePath: string, code: string): Promise<string[]> {
  const [result] = await linter().lintText(code, { filePath: join(ROOT, filePath) });
  return result!.messages
    .filter((m) => m.ruleId === 'no-restricted-syntax' || m.ruleId === 'no-restricted-imports')
    .map((m) => `${m.line}:${m.ruleId}`);
}

describe('the core/platform boundary', () => {
  it('no file in src/ but the composition root names an adapter or a platform library', () => {
    const files = tsFiles(join(ROOT, 'src'));
    expect(files.length).toBeGreaterThan(30);
    // The scan sees what it looks for: the adapter registry does load adapters.
    expect(
      specifiers(readFileSync(join(ROOT, 'src', 'platforms.ts'), 'utf8')).filter((s) => PLATFORM.test(s)),
    ).toEqual(expect.arrayContaining(['../adapters/telegram/index.js', '../adapters/terminal/terminal.js']));
    const offenders = files
      .filter((f) => f !== join('src', 'platforms.ts'))
      .flatMap((f) =>
        specifiers(readFileSync(join(ROOT, f), 'utf8'))
          .filter((s) => PLATFORM.test(s))
          .map((s) => `${f}: ${s}`),
      );
    expect(offenders).toEqual([]);
  });

  it('the lint rule rejects static and dynamic imports of adapters and platform libraries in src/', async () => {
    const code = [
      "import { Bot } from 'grammy';",
      "import { createTelegramBot } from '../../adapters/telegram/index.js';",
      'export const a = [Bot, createTelegramBot];',
      "export const b = import('../adapters/matrix/index.js');",
      "export const c = import('matrix-bot-sdk');",
      'export const d = (p: string) => import(`../adapters/${p}/index.js`);',
      "export const e = import('./config.js');",
    ].join('\n');
    expect(await boundaryFindings('src/engine/fixture.ts', code)).toEqual([
      '1:no-restricted-imports',
      '2:no-restricted-imports',
      '4:no-restricted-syntax',
      '5:no-restricted-syntax',
      '6:no-restricted-syntax',
    ]);
  });

  it('lets the adapter registry load adapters with import(), but not import them statically', async () => {
    const code = [
      "import { runTerminalChat } from '../adapters/terminal/terminal.js';",
      'export const a = runTerminalChat;',
      "export const b = import('../adapters/telegram/index.js');",
    ].join('\n');
    expect(await boundaryFindings('src/platforms.ts', code)).toEqual(['1:no-restricted-imports']);
  });

  it('lets adapters reach only the allowed parts of the core', async () => {
    const code = [
      "import type { Reply } from '../../src/message/model.js';",
      "import type { MessageSender } from '../../src/ports/platform.js';",
      "import { renderPlain } from '../../src/render/plain.js';",
      "import { Scheduler } from '../../src/scheduler/scheduler.js';",
      "import { parseBlocks } from '../../src/content/markdown.js';",
      'export type T = Reply | MessageSender;',
      'export const a = [renderPlain, Scheduler, parseBlocks];',
    ].join('\n');
    expect(await boundaryFindings('adapters/telegram/fixture.ts', code)).toEqual([
      '4:no-restricted-imports',
      '5:no-restricted-imports',
    ]);
  });
});
