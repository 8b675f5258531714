import { describe, expect, it } from 'vitest';
import {
  DiagramRoleError,
  DotParseError,
  styleDot,
  styleDotDetailed,
} from '../../../src/core/diagram/index.js';
import { EDGE_STYLES } from '../../../src/core/diagram/roles.js';
import { README_DOT } from './helpers.js';

/** The attribute-list text of the statement that starts with `head`. */
const stmt = (dot: string, head: string): string => {
  const line = dot.split('\n').find((l) => l.trim().startsWith(head));
  if (!line) throw new Error(`no statement ${head}`);
  return line;
};

describe('styleDot', () => {
  it('replaces roles with concrete attributes and keeps author attributes', () => {
    const out = styleDot(README_DOT);
    expect(out).not.toMatch(/\brole\s*=/);
    expect(stmt(out, 'phone -> ata')).toContain(`color="${EDGE_STYLES.fxs.attrs.color}"`);
    expect(stmt(out, 'phone -> ata')).toContain('label=');
    expect(stmt(out, 'ata -> router')).toContain(`color="${EDGE_STYLES.lan.attrs.color}"`);
    expect(stmt(out, 'phone [')).toContain('fillcolor=');
  });

  it('uses distinct colours for FXS and FXO, red dashed ✗ for wrong', () => {
    expect(EDGE_STYLES.fxs.attrs.color).not.toBe(EDGE_STYLES.fxo.attrs.color);
    const out = styleDot(
      'digraph { a -> b [role=fxs]; c -> d [role=fxo]; e -> f [role=wrong label="FXO into phone"]; g -> h [role=wrong] }',
    );
    const wrong = /e -> f \[([^\]]*)\]/.exec(out)![1]!;
    expect(wrong).toMatch(/color="#D62728"/);
    expect(wrong).toMatch(/style="dashed"/);
    expect(wrong).toContain('✗ FXO into phone');
    expect(/g -> h \[([^\]]*)\]/.exec(out)![1]).toContain('label="✗"');
  });

  it('accepts quoted roles, quoted keys and any attribute order', () => {
    const a = styleDot(
      'digraph { x [label="X", "role"="phone"]; y [role="ata"]; x -> y [label=l; role = "fxs"] }',
    );
    const b = styleDot('digraph { x [role=phone label="X"]; y [role=ata]; x -> y [role=fxs label=l] }');
    for (const out of [a, b]) {
      expect(out).not.toMatch(/role/);
      expect(out).toContain(EDGE_STYLES.fxs.attrs.color);
    }
  });

  it('sets DejaVu Sans everywhere, rankdir LR by default, and lets the file override rankdir', () => {
    const out = styleDot(README_DOT);
    expect(out).toMatch(/graph \[[^\]]*fontname="DejaVu Sans"[^\]]*rankdir="LR"/);
    expect(out).toMatch(/node \[[^\]]*fontname="DejaVu Sans"/);
    expect(out).toMatch(/edge \[[^\]]*fontname="DejaVu Sans"/);
    const tb = styleDot('digraph { rankdir=TB; a [role=phone] }');
    // The author's rankdir comes after the defaults, so it wins.
    expect(tb.indexOf('rankdir=TB')).toBeGreaterThan(tb.indexOf('rankdir="LR"'));
  });

  it('drops author fonts with a warning', () => {
    const r = styleDotDetailed('digraph {\n a [role=phone fontname="Comic Sans"]\n}');
    expect(r.dot).not.toContain('Comic');
    expect(r.warnings).toEqual([expect.objectContaining({ line: 2 })]);
  });

  it('adds a legend listing only the roles used', () => {
    const r = styleDotDetailed(README_DOT);
    expect(r.nodeRoles).toEqual(['phone', 'ata', 'router']);
    expect(r.edgeRoles).toEqual(['fxs', 'lan']);
    expect(r.dot).toContain('Legend');
    expect(r.dot).toContain('FXS line');
    expect(r.dot).not.toContain('FXO line');
    expect(r.dot).not.toContain('Telephony card');
    expect(styleDot('digraph { a -> b }')).not.toContain('Legend');
  });

  it('keeps the author title above the legend', () => {
    const out = styleDot('digraph { label="My setup"; a [role=phone] }');
    expect(out).toContain('<B>My setup</B>');
    expect(out).not.toContain('label="My setup"');
  });

  it('wraps long plain labels so LR layouts stay narrow', () => {
    const out = styleDot('digraph { a -> b [role=fxs label="RJ11 cable into the FXS port named Phone 1"] }');
    expect(out).toMatch(/label="RJ11 cable into\\nthe FXS port\\nnamed Phone 1"/);
    expect(styleDot('digraph { a -> b [label="short"] }')).toContain('label="short"');
    // Author line breaks are respected.
    expect(styleDot('digraph { a -> b [label="a long label written\\nwith its own break"] }')).toContain(
      'label="a long label written\\nwith its own break"',
    );
  });

  it('narrow (the phone layout): top to bottom over the author rankdir, re-wrapped labels, one legend item a row', () => {
    const dot =
      'digraph {\n rankdir=LR;\n a [role=phone label="Known-good\\ncorded phone on the bench"]\n b [role=ata]\n a -> b [role=fxs]\n}';
    const wide = styleDot(dot);
    const narrow = styleDotDetailed(dot, { narrow: true }).dot;
    expect(narrow.lastIndexOf('rankdir="TB"')).toBeGreaterThan(narrow.indexOf('rankdir=LR'));
    expect(wide).not.toContain('rankdir="TB"');
    expect(wide).toContain('label="Known-good\\ncorded phone on the bench"');
    expect(narrow).toContain('label="Known-good\\ncorded phone\\non the bench"');
    const rows = (out: string) =>
      [...out.matchAll(/<TR>(.*?)<\/TR>/g)].filter((m) => m[1]!.includes('BGCOLOR'));
    expect(rows(wide)).toHaveLength(1);
    expect(rows(narrow)).toHaveLength(2);
    expect(narrow.split('\n')).toHaveLength(dot.split('\n').length);
  });

  it('preserves line numbers', () => {
    const dot = 'digraph {\n  a [role=phone\n    label="A"]\n  a -> b [\n role=fxs ]\n}\n';
    expect(styleDot(dot).split('\n')).toHaveLength(dot.split('\n').length);
  });

  it('rejects unknown roles with the line, and roles in the wrong place', () => {
    expect(() => styleDot('digraph {\n a [role=phone]\n b [role=toaster]\n}')).toThrow(DiagramRoleError);
    try {
      styleDot('digraph {\n a [role=phone]\n b [role=toaster]\n}');
    } catch (e) {
      expect((e as DiagramRoleError).line).toBe(3);
      expect((e as Error).message).toMatch(/unknown node role 'toaster'/);
    }
    expect(() => styleDot('digraph { a -> b [role=phone] }')).toThrow(/unknown edge role 'phone'.*node role/);
    expect(() => styleDot('digraph { graph [role=phone] }')).toThrow(/only allowed on nodes and edges/);
  });

  it('handles default statements, subgraphs, ports, comments and HTML labels', () => {
    const dot = `strict digraph "g" {
      /* block [role=bogus] */ // line [role=bogus]
# preprocessor [role=bogus]
      node [role=phone]; edge [role=fxs];
      subgraph cluster_a { label="Site"; a:p1 -> b:n [label=<<b>x</b>>] }
      c -> { d e } [role=lan];
      f [role="note" label="say \\"hi\\""];
    }`;
    const r = styleDotDetailed(dot);
    expect(r.nodeRoles).toEqual(['phone', 'note']);
    expect(r.edgeRoles).toEqual(['fxs', 'lan']);
    expect(r.dot).toContain('label=<<b>x</b>>');
    expect(r.dot).toContain('label="say \\"hi\\""');
    expect(r.dot.split('\n')).toHaveLength(dot.split('\n').length);
  });

  it('reports DOT it cannot parse with the line', () => {
    expect(() => styleDot('digraph {\n a [role=phone]\n a -> ;\n}')).toThrow(DotParseError);
    try {
      styleDot('digraph {\n a [role=phone]\n a -> ;\n}');
    } catch (e) {
      expect((e as DotParseError).line).toBe(3);
    }
  });
});
