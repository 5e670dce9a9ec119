/**
 * Reading one content file and turning its problems into issues with file and field: the size and UTF-8
 * guard, YAML syntax errors, and zod's schema errors in the editor's words.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import type { ContentIssue } from './errors.js';
import { fieldPath } from './schema.js';

/** Files larger than this are refused before parsing (a guard against a wrong file in the folder). */
const MAX_FILE_BYTES = 256 * 1024;

export function readText(path: string, file: string, issues: ContentIssue[]): string | undefined {
  try {
    const buf = readFileSync(path);
    if (buf.length > MAX_FILE_BYTES) {
      issues.push({
        file,
        field: '(file)',
        message: `is ${buf.length} bytes; at most ${MAX_FILE_BYTES} are allowed`,
      });
      return undefined;
    }
    const textValue = new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return textValue.replace(/^\uFEFF/, '');
  } catch (err) {
    const message =
      err instanceof TypeError
        ? 'is not valid UTF-8 text'
        : `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`;
    issues.push({ file, field: '(file)', message });
    return undefined;
  }
}

export function readYamlFile(path: string, file: string, issues: ContentIssue[]): unknown {
  const source = readText(path, file, issues);
  if (source === undefined) return undefined;
  try {
    return parseYaml(source) ?? null;
  } catch (err) {
    issues.push({ file, field: '(file)', message: yamlMessage(err, 0) });
    return undefined;
  }
}

export function yamlMessage(err: unknown, lineOffset: number): string {
  if (err instanceof YAMLParseError) {
    const line = (err.linePos?.[0]?.line ?? 0) + lineOffset;
    return `YAML syntax error${line ? ` at line ${line}` : ''}: ${err.message.split('\n')[0]}`;
  }
  return `YAML syntax error: ${String(err)}`;
}

export function pushZodIssues(
  error: z.ZodError,
  file: string,
  issues: ContentIssue[],
  raw: unknown,
  prefix = '',
): void {
  for (const issue of error.issues) {
    const path = fieldPath(issue.path);
    const field = prefix
      ? path === '(file)'
        ? prefix
        : `${prefix}${path.startsWith('[') ? '' : '.'}${path}`
      : path;
    const message =
      issue.code === 'unrecognized_keys'
        ? `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`
        : issue.code === 'invalid_type' && valueAt(raw, issue.path) === undefined
          ? 'is missing'
          : issue.message;
    issues.push({ file, field, message });
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
