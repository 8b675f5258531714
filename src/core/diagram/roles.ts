/**
 * The visual language: one table of concrete Graphviz attributes per node and edge role
 * (see knowledge/README.md, "Diagrams"). Colours follow a colour-blind-friendly palette; line
 * roles also differ by pattern or weight so they survive greyscale.
 */

/** The one font family used everywhere (shipped with `dejavu-fonts-ttf`). */
export const FONT_FAMILY = 'DejaVu Sans';

/** Node roles, in legend order. */
export const NODE_ROLES = [
  'phone',
  'ata',
  'gateway',
  'pbx',
  'card',
  'router',
  'internet',
  'provider',
  'pstn',
  'intercom',
  'power',
  'note',
] as const;
/** Edge roles, in legend order. */
export const EDGE_ROLES = ['fxs', 'fxo', 'lan', 'internet', 'trunk', 'relay', 'power', 'wrong'] as const;

export type NodeRole = (typeof NODE_ROLES)[number];
export type EdgeRole = (typeof EDGE_ROLES)[number];

/** Graphviz attributes as key → value (values are written quoted). */
export type Attrs = Readonly<Record<string, string>>;

/** Role style plus the human name used in the legend. */
export interface RoleStyle {
  legend: string;
  attrs: Attrs;
}

const box = (fill: string, border: string, extra: Record<string, string> = {}): Attrs => ({
  shape: 'box',
  style: 'rounded,filled',
  fillcolor: fill,
  color: border,
  ...extra,
});

/** Concrete attributes per node role. */
export const NODE_STYLES: Readonly<Record<NodeRole, RoleStyle>> = {
  phone: { legend: 'Phone / fax', attrs: box('#E3F4EA', '#1B7F4B') },
  ata: { legend: 'ATA', attrs: box('#DCEBFA', '#1F5F99', { penwidth: '2' }) },
  gateway: {
    legend: 'Gateway',
    attrs: { shape: 'box3d', style: 'filled', fillcolor: '#D9F0F7', color: '#1C6E8C' },
  },
  pbx: { legend: 'PBX', attrs: { shape: 'box3d', style: 'filled', fillcolor: '#ECE4F7', color: '#5B3A8C' } },
  card: {
    legend: 'Telephony card',
    attrs: { shape: 'component', style: 'filled', fillcolor: '#E0F2F1', color: '#2E6B66' },
  },
  router: { legend: 'Router / switch', attrs: box('#E9ECEF', '#4A5560', { penwidth: '2' }) },
  internet: {
    legend: 'Internet',
    attrs: { shape: 'ellipse', style: 'filled', fillcolor: '#F1E6F7', color: '#7B3FA0' },
  },
  provider: {
    legend: 'SIP provider',
    attrs: { shape: 'cylinder', style: 'filled', fillcolor: '#F7E4EE', color: '#8E3A6B' },
  },
  pstn: {
    legend: 'PSTN / telco line',
    attrs: {
      shape: 'box',
      style: 'filled',
      fillcolor: '#FDEBD3',
      color: '#A35A00',
      penwidth: '1.6',
      peripheries: '2',
    },
  },
  intercom: {
    legend: 'Intercom / door',
    attrs: { shape: 'octagon', style: 'filled', fillcolor: '#FFF6D6', color: '#8A6D00' },
  },
  power: {
    legend: 'Power / UPS',
    attrs: { shape: 'box', style: 'filled', fillcolor: '#FFF3C4', color: '#8A6D00' },
  },
  note: {
    legend: 'Note',
    attrs: {
      shape: 'note',
      style: 'filled',
      fillcolor: '#FFFBE6',
      color: '#B3A369',
      fontcolor: '#444444',
      fontsize: '13',
    },
  },
};

/** Concrete attributes per edge role. */
export const EDGE_STYLES: Readonly<Record<EdgeRole, RoleStyle>> = {
  fxs: { legend: 'FXS line (to phone)', attrs: { color: '#1B9E4B', fontcolor: '#14713A', penwidth: '3' } },
  fxo: { legend: 'FXO line (from telco)', attrs: { color: '#E08600', fontcolor: '#8F5600', penwidth: '3' } },
  lan: { legend: 'LAN / Ethernet', attrs: { color: '#2B6CB0', fontcolor: '#1F4F82', penwidth: '2.2' } },
  internet: { legend: 'Internet / WAN', attrs: { color: '#7B3FA0', fontcolor: '#5E2F7A', penwidth: '2.6' } },
  trunk: {
    legend: 'SIP / digital trunk',
    attrs: { color: '#5B3A8C:#FFFFFF:#5B3A8C', fontcolor: '#4A2F73', penwidth: '1.6' },
  },
  relay: {
    legend: 'Power-fail relay path',
    attrs: { color: '#2E6B66', fontcolor: '#2E6B66', penwidth: '2.2', style: 'dashed' },
  },
  power: {
    legend: 'Power',
    attrs: { color: '#8A6D00', fontcolor: '#6B5400', penwidth: '2.2', style: 'dotted', dir: 'forward' },
  },
  wrong: {
    legend: '✗ Wrong: do not connect',
    attrs: { color: '#D62728', fontcolor: '#B01E1F', penwidth: '3', style: 'dashed' },
  },
};

/** Graph-wide defaults, inserted before the author's statements so the file may override them. */
export const GRAPH_DEFAULTS: Attrs = {
  fontname: FONT_FAMILY,
  fontsize: '16',
  rankdir: 'LR',
  bgcolor: 'white',
  pad: '0.25',
  nodesep: '0.35',
  ranksep: '0.6',
  labelloc: 't',
  // Clusters inherit these: soft rounded frames instead of black boxes.
  style: 'rounded',
  color: '#A0A7AE',
  penwidth: '1.2',
  fontcolor: '#333333',
};
export const NODE_DEFAULTS: Attrs = {
  fontname: FONT_FAMILY,
  fontsize: '16',
  shape: 'box',
  style: 'rounded,filled',
  fillcolor: '#F4F5F7',
  color: '#555555',
  penwidth: '1.5',
  margin: '0.16,0.08',
};
export const EDGE_DEFAULTS: Attrs = {
  fontname: FONT_FAMILY,
  fontsize: '13',
  color: '#555555',
  fontcolor: '#333333',
  penwidth: '2',
  dir: 'none',
  arrowsize: '0.8',
};

/** Marker prefixed to the label of a `wrong` edge. */
export const WRONG_MARK = '✗';

export const isNodeRole = (r: string): r is NodeRole => (NODE_ROLES as readonly string[]).includes(r);
export const isEdgeRole = (r: string): r is EdgeRole => (EDGE_ROLES as readonly string[]).includes(r);

/** Quote a value as a DOT string (backslash escapes such as `\\n` are kept as written). */
export const quote = (v: string): string => `"${v.replace(/"/g, '\\"')}"`;

/** `k1="v1" k2="v2"` for an attribute map. */
export function attrText(attrs: Attrs): string {
  return Object.entries(attrs)
    .map(([k, v]) => `${k}=${quote(v)}`)
    .join(' ');
}
