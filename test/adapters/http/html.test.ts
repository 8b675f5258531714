import { describe, expect, it } from 'vitest';
import { escapeHtml, markup, renderMarkdown } from '../../../src/adapters/http/index.js';
import { filterDevices, parseDeviceFilter } from '../../../src/adapters/http/devices.js';
import type { Device } from '../../../src/core/knowledge/schema.js';

describe('escapeHtml and the html tag', () => {
  it('escapes the five special characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('escapes every interpolation, keeps Html fragments, joins arrays and drops nullish/false', () => {
    const inner = markup`<b>${'<i>'}</b>`;
    expect(markup`<p title="${'"x"'}">${inner}${['<', '>']}${null}${undefined}${false}${0}</p>`.value).toBe(
      '<p title="&quot;x&quot;"><b>&lt;i&gt;</b>&lt;&gt;0</p>',
    );
  });
});

describe('renderMarkdown', () => {
  const md = (s: string): string => renderMarkdown(s).value;

  it('renders Markdown formatting', () => {
    expect(md('**bold** and `code`\n\n- one\n- two')).toBe(
      '<p><strong>bold</strong> and <code>code</code></p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n',
    );
  });

  it.each([
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '[x](javascript:alert(1))',
    '[x](JaVaScRiPt:alert(1))',
    '<a href="jav&#x61;script:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '[x](data:text/html;base64,PHNjcmlwdD4=)',
    '[x](vbscript:msgbox)',
    '<svg onload=alert(1)></svg>',
    '<iframe src="https://evil.example"></iframe>',
    '<object data="x"></object>',
    '<style>body{display:none}</style>',
    '<p style="color:red" onclick="alert(1)">x</p>',
    '<form action="https://evil.example"><input name=a></form>',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '![img](https://evil.example/x.png)',
  ])('neutralises %s', (input) => {
    const out = md(input);
    expect(out).not.toMatch(/<script|<img|<svg|<iframe|<object|<style|<form|<input|<base|<meta/i);
    expect(out).not.toMatch(/\son[a-z]+=|style=|javascript:|vbscript:|data:/i);
  });

  it('keeps http(s) links and marks them noopener noreferrer nofollow', () => {
    expect(md('[ok](https://example.org/a?b=1&c=2 "T")')).toBe(
      '<p><a href="https://example.org/a?b=1&amp;c=2" title="T" rel="noopener noreferrer nofollow">ok</a></p>\n',
    );
  });

  it('turns body h1/h2 into h3', () => {
    expect(md('# A\n\n## B')).toBe('<h3>A</h3>\n<h3>B</h3>\n');
  });
});

describe('device filter', () => {
  const dev = (id: string, kind: Device['kind'], fxs?: number, fxo?: number): Device => ({
    id,
    file: `${id}.yaml`,
    vendor: 'V',
    model: id,
    aliases: [],
    kind,
    fxs,
    fxo,
    status: 'current',
    variants: [],
    sources: ['https://example.org'],
  });
  const devices = [dev('b', 'ata', 2, 0), dev('a', 'gateway', undefined, 4), dev('c', 'ata', 1, 1)];

  it('matches counts exactly, ignores empty values and sorts by title', () => {
    const p = (q: string) => parseDeviceFilter(new URLSearchParams(q));
    const ids = (q: string) => {
      const parsed = p(q);
      return parsed.ok ? filterDevices(devices, parsed.filter).map((d) => d.id) : parsed.errors;
    };
    expect(ids('')).toEqual(['a', 'b', 'c']);
    expect(ids('kind=ata')).toEqual(['b', 'c']);
    expect(ids('fxs=1&fxo=1')).toEqual(['c']);
    expect(ids('fxo=4')).toEqual(['a']);
    expect(ids('fxs=0')).toEqual([]);
    expect(ids('fxs=&kind=')).toEqual(['a', 'b', 'c']);
    expect(p('fxs=1.5').ok).toBe(false);
    expect(p('fxo=1e3').ok).toBe(false);
    expect(p('kind=ATA').ok).toBe(false);
  });
});
