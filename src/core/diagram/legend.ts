/**
 * The legend: an HTML-like table used as the root graph label, placed under the drawing.
 *
 * A cluster of real sample nodes/edges would share dot's global ranks with the diagram and
 * stretch every column; a graph label does not take part in ranking, so the legend stays a
 * compact grid below the drawing whatever the diagram looks like. Only the roles used are listed.
 */
import { EDGE_STYLES, NODE_STYLES, type EdgeRole, type NodeRole } from './roles.js';

const TEXT_SIZE = 13;

/** Escape text for an HTML-like label. */
export const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const attr = (a: Record<string, string | undefined>): string =>
  Object.entries(a)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeHtml(v!)}"`)
    .join('');

/** A small rounded swatch with the node role's fill and border colours. */
function nodeSample(role: NodeRole): string {
  const s = NODE_STYLES[role].attrs;
  return `<TD${attr({ FIXEDSIZE: 'TRUE', WIDTH: '30', HEIGHT: '18', BGCOLOR: s.fillcolor, COLOR: s.color, BORDER: '2', STYLE: 'rounded' })}> </TD>`;
}

/** A short line drawn with the edge role's colour, weight and dash pattern. */
function edgeSample(role: EdgeRole): string {
  const s = EDGE_STYLES[role].attrs;
  const colours = (s.color ?? '#555555').split(':').filter((c) => c !== '#FFFFFF');
  const double = colours.length > 1;
  const style = s.style === 'dashed' || s.style === 'dotted' ? s.style : undefined;
  const width = Math.max(1, Math.round(Number(s.penwidth ?? '2')));
  const cell = attr({
    FIXEDSIZE: 'TRUE',
    WIDTH: '34',
    HEIGHT: double ? '5' : '4',
    SIDES: double ? 'TB' : 'B',
    BORDER: String(width),
    COLOR: colours[0],
    STYLE: style,
  });
  return `<TD><TABLE BORDER="0" CELLSPACING="0" CELLPADDING="0"><TR><TD${cell}> </TD></TR><TR><TD FIXEDSIZE="TRUE" WIDTH="34" HEIGHT="${double ? 3 : 4}"> </TD></TR></TABLE></TD>`;
}

const textCell = (text: string, colour = '#333333'): string =>
  `<TD ALIGN="LEFT"><FONT POINT-SIZE="${TEXT_SIZE}" COLOR="${colour}">${escapeHtml(text)}</FONT></TD>`;

/** Title for the legend table: the author's root label (plain text or HTML body). */
export interface LegendTitle {
  text: string;
  html: boolean;
}

/**
 * The HTML label body (without the outer `<>`) for the legend, or '' when no role is used.
 * The author's own root label, if any, becomes the table's title row. `perRow` items a row.
 */
export function legendLabel(
  nodeRoles: readonly NodeRole[],
  edgeRoles: readonly EdgeRole[],
  title?: LegendTitle,
  perRow = 3,
): string {
  if (nodeRoles.length === 0 && edgeRoles.length === 0) return '';
  const nodeItems = nodeRoles.map((r) => nodeSample(r) + textCell(NODE_STYLES[r].legend));
  const edgeItems = edgeRoles.map(
    (r) => edgeSample(r) + textCell(EDGE_STYLES[r].legend, r === 'wrong' ? '#B01E1F' : '#333333'),
  );
  // Node samples first, edge samples from a fresh row.
  const rows: string[] = [];
  for (const items of [nodeItems, edgeItems]) {
    for (let i = 0; i < items.length; i += perRow)
      rows.push(`<TR>${items.slice(i, i + perRow).join('')}</TR>`);
  }
  const span = String(Math.min(Math.max(nodeItems.length, edgeItems.length), perRow) * 2);
  const legend = `<TABLE BORDER="1" COLOR="#C8C8C8" STYLE="rounded" CELLBORDER="0" CELLSPACING="3" CELLPADDING="2"><TR><TD COLSPAN="${span}" ALIGN="LEFT"><FONT POINT-SIZE="${TEXT_SIZE}" COLOR="#777777">Legend</FONT></TD></TR>${rows.join('')}</TABLE>`;
  if (!title || !title.text.trim()) return legend;
  const body = title.html ? title.text : escapeHtml(title.text).replace(/\\[nlr]/g, '<BR/>');
  return `<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="4"><TR><TD ALIGN="LEFT"><B>${body}</B></TD></TR><TR><TD ALIGN="LEFT">${legend}</TD></TR></TABLE>`;
}
