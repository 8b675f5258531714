import { LineCounter, isMap, isScalar, parseDocument, visit, type Document, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import type { Problem } from './problems.js';

/** A parsed YAML text that can point any field path back to a line of its file. */
export interface YamlSource {
  value: unknown;
  /** 1-based line of the field at `path` (or of its nearest existing parent). */
  lineOf(path: readonly PropertyKey[]): number;
  problems: Problem[];
}

/**
 * Parses YAML keeping positions. `lineOffset` is the number of file lines before the text
 * (front matter starts after the opening `---`).
 */
export function parseYamlSource(text: string, file: string, lineOffset = 0): YamlSource {
  const counter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter: counter, uniqueKeys: true });
  const toLine = (offset: number): number => counter.linePos(offset).line + lineOffset;
  const problems: Problem[] = [...doc.errors, ...doc.warnings].map((e) => ({
    severity: e instanceof Error && doc.errors.includes(e) ? 'error' : 'warning',
    file,
    line: e.linePos?.[0].line !== undefined ? e.linePos[0].line + lineOffset : undefined,
    message: `YAML: ${e.message.split('\n')[0]}`,
  }));
  const lineOf = (path: readonly PropertyKey[]): number => {
    for (let depth = path.length; depth >= 0; depth--) {
      const sub = path.slice(0, depth).map((k) => (typeof k === 'symbol' ? String(k) : k));
      const node = depth === 0 ? doc.contents : (doc.getIn(sub, true) as YamlNode | undefined);
      if (node && (isScalar(node) || isMap(node) || 'range' in node) && node.range) {
        // For a missing key under a map, point at the map's first line.
        return toLine(node.range[0]);
      }
    }
    return 1 + lineOffset;
  };
  if (problems.some((p) => p.severity === 'error')) return { value: undefined, lineOf, problems };
  try {
    return { value: doc.toJS(), lineOf, problems };
  } catch (e) {
    // An unquoted "*97" is a YAML alias to an anchor that does not exist: say where and how to fix.
    const message = (e as Error).message.split('\n')[0] ?? 'cannot read the YAML';
    const alias = /: (\S+)$/.exec(message)?.[1];
    let line: number | undefined;
    visit(doc, {
      Alias: (_, node) => {
        if (line === undefined && node.source === alias && node.range) line = toLine(node.range[0]);
      },
    });
    problems.push({
      severity: 'error',
      file,
      line,
      message: `YAML: ${message}${alias ? ` (quote text that starts with *, e.g. "*${alias}")` : ''}`,
    });
    return { value: undefined, lineOf, problems };
  }
}

/** Validates a parsed YAML value with a zod schema; every issue becomes a Problem at its line. */
export function validateYaml<T extends z.ZodType>(
  src: YamlSource,
  schema: T,
  file: string,
): { data?: z.output<T>; problems: Problem[] } {
  if (src.value === undefined) return { problems: [] };
  const result = schema.safeParse(src.value ?? {});
  if (result.success) return { data: result.data, problems: [] };
  return {
    problems: result.error.issues.map((issue) => ({
      severity: 'error' as const,
      file,
      line: src.lineOf(issue.path),
      field: issue.path.length ? issue.path.map(String).join('.') : undefined,
      message: issue.message,
    })),
  };
}
