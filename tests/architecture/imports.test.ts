/**
 * No import cycle in src/ and adapters/ (type-only imports and import() count), and no import pointing up the
 * layers (tests/architecture/import-graph.ts lists them). The check is proven on small fixtures first: it
 * finds a cycle that is introduced, a type-only one included, and each kind of upward import.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findCycles, layerViolations, readImports, tsFiles, type ImportEdge } from './import-graph.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** Writes files into a fresh folder shaped like the repository and returns the folder. */
const scratch: string[] = [];
function fixture(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'imports-'));
  scratch.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

function graphOf(dir: string): ImportEdge[] {
  return readImports(dir, tsFiles(dir, ['src']));
}

describe('the import check itself', () => {
  it('finds a cycle that is introduced, through type-only imports and re-exports too', () => {
    const clean = fixture({
      'src/engine/engine.ts': "import { part } from './part.js';\nexport class Engine { p = part; }\n",
      'src/engine/part.ts':
        "import type { Context } from './context.js';\nexport const part = (c: Context) => c;\n",
      'src/engine/context.ts': 'export interface Context { readonly lang: string }\n',
    });
    expect(graphOf(clean)).toHaveLength(2);
    expect(findCycles(graphOf(clean))).toEqual([]);

    const looped = fixture({
      'src/engine/engine.ts': "import { part } from './part.js';\nexport class Engine { p = part; }\n",
      'src/engine/part.ts':
        "import type { Engine } from './engine.js';\nexport const part = (e: Engine) => e;\n",
      'src/engine/a.ts': "export type { B } from './b.js';\nexport interface A { readonly x: 1 }\n",
      'src/engine/b.ts': "import { type A } from './a.js';\nexport type B = A;\n",
      'src/engine/lazy.ts': "export const load = () => import('./lazy.js');\n",
    });
    expect(findCycles(graphOf(looped))).toEqual([
      ['src/engine/a.ts', 'src/engine/b.ts'],
      ['src/engine/engine.ts', 'src/engine/part.ts'],
      ['src/engine/lazy.ts'],
    ]);
  });

  it('finds imports that point up the layers', () => {
    const dir = fixture({
      'src/content/limits.ts':
        "import { composeTopic } from '../engine/compose.js';\nexport const l = composeTopic;\n",
      'src/engine/compose.ts': 'export const composeTopic = 1;\n',
      'src/scheduler/scheduler.ts':
        "import { composeTopic } from '../engine/compose.js';\nexport const s = composeTopic;\n",
      'src/ports/engine.ts':
        "import type { Engine } from '../engine/engine.js';\nimport { DEFAULT_LANG } from '../content/types.js';\nexport type P = Engine | typeof DEFAULT_LANG;\n",
      'src/ports/fine.ts': "import type { Lang } from '../content/types.js';\nexport type F = Lang;\n",
      'src/engine/engine.ts': 'export class Engine {}\n',
      'src/content/types.ts': "export const DEFAULT_LANG = 'de';\nexport type Lang = string;\n",
      'src/somewhere/new.ts': "import { l } from '../content/limits.js';\nexport const n = l;\n",
    });
    expect(layerViolations(graphOf(dir)).sort()).toEqual([
      'src/content/limits.ts → src/engine/compose.ts: points up (layer 1 imports layer 3)',
      'src/ports/engine.ts → src/content/types.ts: ports import types only',
      'src/ports/engine.ts → src/engine/engine.ts: points up (layer 2 imports layer 3)',
      'src/ports/engine.ts → src/engine/engine.ts: ports import only other ports, src/message and src/content/types.ts',
      'src/scheduler/scheduler.ts → src/engine/compose.ts: the scheduler reaches the engine only through a port',
      'src/somewhere/new.ts → src/content/limits.ts: a file outside the layer table (tests/architecture/import-graph.ts)',
    ]);
  });
});

describe('src/ and adapters/', () => {
  const files = tsFiles(ROOT, ['src', 'adapters']);
  const edges = readImports(ROOT, files);

  it('have no import cycle, type-only imports included', () => {
    // The graph is the real one: it holds the engine's own imports, type-only ones among them.
    expect(files.length).toBeGreaterThan(100);
    expect(edges).toContainEqual({
      from: 'src/engine/engine.ts',
      to: 'src/engine/builtins.ts',
      typeOnly: false,
    });
    expect(edges.some((e) => e.typeOnly && e.from.startsWith('src/engine/'))).toBe(true);
    expect(findCycles(edges)).toEqual([]);
  });

  it('have no import pointing up the layers', () => {
    expect(edges.some((e) => e.from === 'src/platforms.ts' && e.to.startsWith('adapters/'))).toBe(true);
    expect(layerViolations(edges)).toEqual([]);
  });
});
