/**
 * The statements of a DOT graph that carry attributes, read from the AST of `@ts-graphviz/ast`
 * (a maintained DOT grammar with source locations). The styler rewrites `role=` attributes in
 * place at these offsets, so edits never move lines. Real validation is left to Graphviz.
 */
import { DotSyntaxError, parse, type AttributeASTNode, type ClusterStatementASTNode } from '@ts-graphviz/ast';

/** DOT the parser cannot follow; `line` is 1-based. */
export class DotParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'DotParseError';
  }
}

/** One `key=value` entry of an attribute list. */
export interface AttrEntry {
  key: string;
  value: string;
  /** The value was an HTML-like label `<...>`. */
  html: boolean;
  /** Span of the value (for in-place rewriting). */
  valueStart: number;
  valueEnd: number;
  /** Span of the whole entry including a trailing `,` or `;`. */
  start: number;
  end: number;
  line: number;
}

/** A statement that carries attributes. */
export interface AttrStatement {
  kind: 'node' | 'edge' | 'graph' | 'node-default' | 'edge-default';
  /** 0 for the root graph body, deeper inside subgraphs. */
  depth: number;
  line: number;
  /** Where role styling is inserted: before the first attribute. */
  insertAt: number;
  entries: AttrEntry[];
}

/** The parsed shape of the first graph in a DOT source. */
export interface ParsedDot {
  /** Position just after the root `{`. */
  bodyStart: number;
  /** Position of the root closing `}`. */
  bodyEnd: number;
  statements: AttrStatement[];
}

type Located = { location?: { start: { offset: number; line: number }; end: { offset: number } } };
const loc = (n: Located) => n.location ?? { start: { offset: 0, line: 1 }, end: { offset: 0 } };

const KINDS = { Graph: 'graph', Node: 'node-default', Edge: 'edge-default' } as const;

function entry(a: AttributeASTNode): AttrEntry {
  return {
    key: a.key.value,
    value: a.value.value,
    html: a.value.quoted === 'html',
    valueStart: loc(a.value).start.offset,
    valueEnd: loc(a.value).end.offset,
    start: loc(a).start.offset,
    end: loc(a).end.offset,
    line: loc(a).start.line,
  };
}

function statement(kind: AttrStatement['kind'], depth: number, n: Located, attrs: AttributeASTNode[]) {
  const entries = attrs.map(entry);
  return { kind, depth, line: loc(n).start.line, insertAt: entries[0]?.start ?? -1, entries };
}

const attrsOf = (n: { children: readonly { type: string }[] }): AttributeASTNode[] =>
  n.children.filter((x): x is AttributeASTNode => x.type === 'Attribute');

function collect(children: readonly ClusterStatementASTNode[], depth: number, out: AttrStatement[]): void {
  for (const c of children) {
    if (c.type === 'Attribute') out.push(statement('graph', depth, c, [c]));
    else if (c.type === 'AttributeList') out.push(statement(KINDS[c.kind], depth, c, attrsOf(c)));
    else if (c.type === 'Node') out.push(statement('node', depth, c, attrsOf(c)));
    else if (c.type === 'Edge') out.push(statement('edge', depth, c, attrsOf(c)));
    else if (c.type === 'Subgraph') collect(c.children, depth + 1, out);
  }
}

/** Parse the first graph in `src`. Throws {@link DotParseError} (with the line) on a syntax error. */
export function parseDot(src: string): ParsedDot {
  let graph;
  try {
    graph = parse(src).children.find((c) => c.type === 'Graph');
  } catch (e) {
    if (!(e instanceof DotSyntaxError)) throw e;
    const cause = e.cause as { location?: { start?: { line?: number } } } | undefined;
    throw new DotParseError(e.message, cause?.location?.start?.line ?? 1);
  }
  if (!graph) throw new DotParseError("expected 'graph' or 'digraph'", 1);
  const statements: AttrStatement[] = [];
  collect(graph.children, 0, statements);
  const open = src.indexOf('{', graph.id ? loc(graph.id).end.offset : loc(graph).start.offset);
  return { bodyStart: open + 1, bodyEnd: src.lastIndexOf('}', loc(graph).end.offset - 1), statements };
}
