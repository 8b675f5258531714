/**
 * Applies the diagram visual language to author DOT: `role=` attributes become concrete
 * attributes, graph/node/edge defaults use the shipped font, and a legend (the root graph
 * label, under the drawing) lists the roles used. Edits are made in place and never add or remove newlines, so Graphviz line
 * numbers in the styled DOT still point at the author's file.
 */
import { parseDot, type AttrStatement, type ParsedDot } from './dot-ast.js';
import {
  EDGE_DEFAULTS,
  EDGE_ROLES,
  EDGE_STYLES,
  GRAPH_DEFAULTS,
  NODE_DEFAULTS,
  NODE_ROLES,
  NODE_STYLES,
  WRONG_MARK,
  attrText,
  isEdgeRole,
  isNodeRole,
  quote,
  type EdgeRole,
  type NodeRole,
} from './roles.js';
import { legendLabel, type LegendTitle } from './legend.js';

export { DotParseError } from './dot-ast.js';

/** A role that is not part of the visual language, or is used in the wrong place. */
export class DiagramRoleError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'DiagramRoleError';
  }
}

/** Options for {@link styleDotDetailed}. */
export interface StyleOptions {
  /**
   * The phone layout: top to bottom (overriding the author's `rankdir`), narrower label wrapping
   * and a one-column legend, so the drawing is tall rather than wide.
   */
  narrow?: boolean;
}

/** A non-fatal remark about the author's DOT (e.g. a colour set by hand). */
export interface StyleWarning {
  line: number;
  message: string;
}

/** The styled DOT with what was found on the way. */
export interface StyledDot {
  dot: string;
  nodeRoles: NodeRole[];
  edgeRoles: EdgeRole[];
  warnings: StyleWarning[];
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Attributes the renderer owns; an author setting them is overridden (font) or warned about. */
const FONT_ATTRS = new Set(['fontname', 'fontpath', 'fontnames']);
const PRESENTATION_ATTRS = new Set(['color', 'fillcolor', 'fontcolor', 'bgcolor', 'penwidth']);

/** Keep the newlines of a removed span so line numbers do not move. */
const newlinesOf = (s: string): string => s.replace(/[^\n]/g, '');

/**
 * Apply the visual language to `dot` (see {@link styleDotDetailed}).
 * @throws DiagramRoleError for an unknown or misplaced role; DotParseError for DOT it cannot follow.
 */
export function styleDot(dot: string): string {
  return styleDotDetailed(dot).dot;
}

/**
 * Apply the visual language and report the roles used and any warnings.
 * @throws DiagramRoleError for an unknown or misplaced role; DotParseError for DOT it cannot follow.
 */
export function styleDotDetailed(dot: string, options: StyleOptions = {}): StyledDot {
  const wraps = options.narrow ? NARROW_WRAP : WRAP;
  const parsed = parseDot(dot);
  const edits: Edit[] = [];
  const warnings: StyleWarning[] = [];
  const nodeRoles = new Set<NodeRole>();
  const edgeRoles = new Set<EdgeRole>();

  for (const stmt of parsed.statements) {
    let role: string | undefined;
    let roleLine = stmt.line;
    let label: AttrStatement['entries'][number] | undefined;
    for (const e of stmt.entries) {
      const key = e.key.trim().toLowerCase();
      if (key === 'role') {
        if (role !== undefined)
          throw new DiagramRoleError(`role given twice ('${role}' and '${e.value}')`, e.line);
        role = e.value.trim().toLowerCase();
        roleLine = e.line;
        edits.push({ start: e.start, end: e.end, text: newlinesOf(dot.slice(e.start, e.end)) });
      } else if (FONT_ATTRS.has(key)) {
        warnings.push({
          line: e.line,
          message: `'${e.key}' is ignored: diagrams always use the shipped font`,
        });
        edits.push({ start: e.start, end: e.end, text: newlinesOf(dot.slice(e.start, e.end)) });
      } else if (PRESENTATION_ATTRS.has(key) && stmt.kind !== 'graph') {
        warnings.push({
          line: e.line,
          message: `'${e.key}' set by hand; prefer a role so the renderer picks colours`,
        });
      } else if (key === 'label') {
        label = e;
      }
    }
    const mark = role === 'wrong' && stmt.kind === 'edge';
    if (label && (stmt.kind === 'node' || stmt.kind === 'edge')) {
      const wrap = stmt.kind === 'edge' ? wraps.edge : wraps.node;
      const edit = labelEdit(dot, label, mark, wrap, options.narrow);
      if (edit) edits.push(edit);
    }
    if (role === undefined) continue;
    const attrs = roleAttrs(stmt.kind, role, roleLine);
    if (stmt.kind === 'node' || stmt.kind === 'node-default') nodeRoles.add(role as NodeRole);
    else edgeRoles.add(role as EdgeRole);
    if (mark && !label) attrs.label = WRONG_MARK;
    // Role attributes go first so the author's own attributes (in any order) still win.
    edits.push({ start: stmt.insertAt, end: stmt.insertAt, text: `${attrText(attrs)} ` });
  }

  const roles = {
    nodeRoles: NODE_ROLES.filter((r) => nodeRoles.has(r)),
    edgeRoles: EDGE_ROLES.filter((r) => edgeRoles.has(r)),
  };
  edits.push({ start: parsed.bodyStart, end: parsed.bodyStart, text: ` ${prelude()} ` });
  if (roles.nodeRoles.length > 0 || roles.edgeRoles.length > 0) {
    const title = takeRootLabel(dot, parsed, edits);
    const label = legendLabel(roles.nodeRoles, roles.edgeRoles, title, options.narrow ? 1 : 3);
    edits.push({ start: parsed.bodyEnd, end: parsed.bodyEnd, text: ` ${legendStatement(label)} ` });
  }
  if (options.narrow) {
    // After the author's statements, so it wins over their `rankdir=LR`.
    edits.push({ start: parsed.bodyEnd, end: parsed.bodyEnd, text: ` graph [${attrText(NARROW_GRAPH)}]; ` });
  }

  edits.sort((a, b) => b.start - a.start || b.end - a.end);
  let out = dot;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return { dot: out, ...roles, warnings };
}

function unknownRole(role: string, on: 'node' | 'edge', line: number): DiagramRoleError {
  const known = on === 'node' ? NODE_ROLES : EDGE_ROLES;
  const other = on === 'node' ? isEdgeRole(role) : isNodeRole(role);
  const hint = other ? ` ('${role}' is a${on === 'node' ? 'n edge' : ' node'} role)` : '';
  return new DiagramRoleError(
    `unknown ${on} role '${role}'${hint}; expected one of: ${known.join(', ')}`,
    line,
  );
}

/** Concrete attributes for `role` on a statement of `kind`. */
function roleAttrs(kind: AttrStatement['kind'], role: string, line: number): Record<string, string> {
  if (kind === 'node' || kind === 'node-default') {
    if (!isNodeRole(role)) throw unknownRole(role, 'node', line);
    return { ...NODE_STYLES[role].attrs };
  }
  if (kind === 'edge' || kind === 'edge-default') {
    if (!isEdgeRole(role)) throw unknownRole(role, 'edge', line);
    return { ...EDGE_STYLES[role].attrs };
  }
  throw new DiagramRoleError(`role '${role}' is only allowed on nodes and edges, not on a graph`, line);
}

/** Wrap widths (characters) for plain labels, so long labels do not stretch LR layouts. */
const WRAP = { edge: 18, node: 20 };
/** Narrower still for the phone layout, where width is what makes labels small. */
const NARROW_WRAP = { edge: 10, node: 12 };
const NARROW_GRAPH = { rankdir: 'TB', nodesep: '0.25' };

/** Greedy word wrap; words longer than `width` stay whole. */
function greedyWrap(words: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const word of words) {
    if (cur && cur.length + 1 + word.length > width) {
      lines.push(cur);
      cur = word;
    } else cur = cur ? `${cur} ${word}` : word;
  }
  if (cur) lines.push(cur);
  return lines;
}

/** Word wrap to at most `width` characters a line, with lines balanced (no lone last word). */
export function wrapText(text: string, width: number): string[] {
  const words = text.split(/ +/).filter(Boolean);
  const lines = greedyWrap(words, width);
  for (let w = Math.ceil(text.length / lines.length); w < width; w++) {
    const balanced = greedyWrap(words, w);
    if (balanced.length <= lines.length) return balanced;
  }
  return lines;
}

/**
 * Rewrite a label: wrap long plain labels (unless the author already placed line breaks or
 * uses escapes) and prefix the ✗ mark on `wrong` edges. HTML labels only get the mark.
 */
function labelEdit(
  dot: string,
  label: AttrStatement['entries'][number],
  mark: boolean,
  wrap: number,
  narrow = false,
): Edit | undefined {
  const prefix = mark ? `${WRONG_MARK} ` : '';
  if (label.html)
    return mark ? { start: label.valueStart + 1, end: label.valueStart + 1, text: prefix } : undefined;
  // The phone layout also re-wraps labels whose only escapes are the author's `\n` breaks.
  const rewrap =
    narrow && /^(?:[^\\\n]|\\n)*$/.test(label.value) && label.value.split('\\n').some((l) => l.length > wrap);
  const value = rewrap ? label.value.replace(/\\n/g, ' ') : label.value;
  const text = `${prefix}${value}`;
  const plain = !/[\\\n]/.test(value);
  if (plain && text.length > wrap) {
    return { start: label.valueStart, end: label.valueEnd, text: quote(wrapText(text, wrap).join('\\n')) };
  }
  if (!mark) return undefined;
  const raw = dot.slice(label.valueStart, label.valueEnd);
  if (raw.startsWith('"')) return { start: label.valueStart + 1, end: label.valueStart + 1, text: prefix };
  return { start: label.valueStart, end: label.valueEnd, text: quote(text) };
}

function prelude(): string {
  return `graph [${attrText(GRAPH_DEFAULTS)}]; node [${attrText(NODE_DEFAULTS)}]; edge [${attrText(EDGE_DEFAULTS)}];`;
}

/** The root-level `label` set by the author, removed so it can head the legend. */
function takeRootLabel(dot: string, parsed: ParsedDot, edits: Edit[]): LegendTitle | undefined {
  let title: LegendTitle | undefined;
  for (const stmt of parsed.statements) {
    if (stmt.kind !== 'graph' || stmt.depth !== 0) continue;
    for (const e of stmt.entries) {
      if (e.key.trim().toLowerCase() !== 'label') continue;
      title = { text: e.value, html: e.html };
      // A bare `label=x` statement loses its key/value; keep a harmless `;`-free blank in place.
      edits.push({ start: e.start, end: e.end, text: newlinesOf(dot.slice(e.start, e.end)) });
    }
  }
  return title;
}

/** Graph attributes that place the legend (and the author's title) under the drawing. */
function legendStatement(label: string): string {
  if (!label) return '';
  return `graph [labelloc="b" labeljust="l" label=<${label}>];`;
}
