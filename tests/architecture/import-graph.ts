/**
 * The import graph of src/ and adapters/, and the two rules it must keep (tests/architecture/imports.test.ts):
 * no import cycle (type-only imports and import() count), and no import pointing up the layers.
 *
 * The layers, lowest first (a file may import its own layer or a lower one):
 *   0 src/util, src/config-error.ts                    helpers with no knowledge of the bot
 *   1 src/message, src/content, src/render, config.ts  the data: message model, content, plain renderers
 *   2 src/ports                                        contracts (type-only imports of layers 1–2)
 *   3 src/engine, src/scheduler                        the core, side by side (the scheduler never imports
 *                                                      the engine: reminder texts come through a port)
 *   4 src/features, src/render/web/site.ts             what is built on the engine's answers
 *   5 src/store, src/ops, src/logger.ts                infrastructure
 *   6 adapters/                                        platforms (eslint.config.js also limits what they see)
 *   7 src/app.ts, src/platforms.ts, src/main.ts, src/cli   the composition root and the entry points
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

export interface ImportEdge {
  /** Paths relative to the root, with "/" (e.g. "src/engine/engine.ts"). */
  readonly from: string;
  readonly to: string;
  /** `import type …`, `export type … from`, or every name imported with `type`. */
  readonly typeOnly: boolean;
}

/** Every .ts file below `dirs` (relative to `root`), with "/" separators. */
export function tsFiles(root: string, dirs: readonly string[]): string[] {
  return dirs.flatMap((dir) =>
    readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile() && e.name.endsWith('.ts'))
      .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/')),
  );
}

/** The relative imports of the files (static, re-exports, import() with a literal), resolved to .ts paths. */
export function readImports(root: string, files: readonly string[]): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(join(root, file), 'utf8'), ts.ScriptTarget.ES2022);
    const add = (specifier: string, typeOnly: boolean): void => {
      if (!specifier.startsWith('.')) return;
      const target = relative(root, resolve(root, dirname(file), specifier))
        .split(sep)
        .join('/')
        .replace(/\.js$/, '.ts');
      edges.push({ from: file, to: target, typeOnly });
    };
    const visit = (node: ts.Node): void => {
      if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
        const clause = node.importClause;
        const named = clause?.namedBindings;
        const allTyped =
          clause !== undefined &&
          (clause.isTypeOnly ||
            (!clause.name &&
              named !== undefined &&
              ts.isNamedImports(named) &&
              named.elements.length > 0 &&
              named.elements.every((e) => e.isTypeOnly)));
        add(node.moduleSpecifier.text, allTyped);
      } else if (
        ts.isExportDeclaration(node) &&
        node.moduleSpecifier &&
        ts.isStringLiteral(node.moduleSpecifier)
      ) {
        const named = node.exportClause;
        const allTyped =
          node.isTypeOnly ||
          (named !== undefined &&
            ts.isNamedExports(named) &&
            named.elements.length > 0 &&
            named.elements.every((e) => e.isTypeOnly));
        add(node.moduleSpecifier.text, allTyped);
      } else if (
        ts.isCallExpression(node) &&
        node.expression.kind === ts.SyntaxKind.ImportKeyword &&
        node.arguments[0] &&
        ts.isStringLiteralLike(node.arguments[0])
      ) {
        add(node.arguments[0].text, false);
      } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
        const literal = node.argument.literal;
        if (ts.isStringLiteral(literal)) add(literal.text, true);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return edges;
}

/** The import cycles (strongly connected components of more than one file, or a file importing itself). */
export function findCycles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let counter = 0;
  const connect = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (next.get(v) ?? []).includes(v)) cycles.push(component.sort());
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) connect(v);
  return cycles;
}

/** [path prefix, layer]: the longest matching prefix wins. */
const LAYERS: ReadonlyArray<readonly [string, number]> = [
  ['src/util/', 0],
  ['src/config-error.ts', 0],
  ['src/message/', 1],
  ['src/content/', 1],
  ['src/render/', 1],
  ['src/config.ts', 1],
  ['src/ports/', 2],
  ['src/engine/', 3],
  ['src/scheduler/', 3],
  ['src/features/', 4],
  ['src/render/web/site.ts', 4],
  ['src/store/', 5],
  ['src/ops/', 5],
  ['src/logger.ts', 5],
  ['adapters/', 6],
  ['src/app.ts', 7],
  ['src/platforms.ts', 7],
  ['src/main.ts', 7],
  ['src/cli/', 7],
];

/** The layer of a file; undefined for a file outside the table (reported too). */
function layerOf(file: string): number | undefined {
  let best: readonly [string, number] | undefined;
  for (const entry of LAYERS)
    if (file.startsWith(entry[0]) && entry[0].length > (best?.[0].length ?? -1)) best = entry;
  return best?.[1];
}

/** Imports that break a layer rule, as "from → to: why". */
export function layerViolations(edges: readonly ImportEdge[]): string[] {
  const found: string[] = [];
  for (const { from, to, typeOnly } of edges) {
    const a = layerOf(from);
    const b = layerOf(to);
    const say = (why: string): number => found.push(`${from} → ${to}: ${why}`);
    if (a === undefined || b === undefined) {
      say('a file outside the layer table (tests/architecture/import-graph.ts)');
      continue;
    }
    if (b > a) say(`points up (layer ${a} imports layer ${b})`);
    if (from.startsWith('src/scheduler/') && to.startsWith('src/engine/'))
      say('the scheduler reaches the engine only through a port');
    if (from.startsWith('src/ports/')) {
      if (!typeOnly) say('ports import types only');
      if (!/^src\/(ports\/|message\/|content\/types\.ts$)/.test(to))
        say('ports import only other ports, src/message and src/content/types.ts');
    }
  }
  return found;
}
