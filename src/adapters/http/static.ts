/**
 * The only static assets: one stylesheet and one icon, built in (no files read from disk,
 * no external assets). Served with a content-hash ETag.
 */
import { createHash } from 'node:crypto';

/** A static asset held in memory. */
export interface StaticAsset {
  body: Buffer;
  contentType: string;
  etag: string;
}

const STYLE = `
:root {
  --bg: #f7f6f2; --card: #ffffff; --text: #1c2226; --muted: #5b656d; --line: #dcd8cf;
  --accent: #0c6a80; --accent-ink: #ffffff; --link: #0a5d8f;
  --warn-bg: #fff4d6; --warn-line: #c98300; --warn-ink: #4a3500;
  --code-bg: #eeece6; --radius: 10px;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #15191c; --card: #1d2327; --text: #e5e9ec; --muted: #a3adb5; --line: #343c42;
    --accent: #3fb0c9; --accent-ink: #0d1214; --link: #7cc4ff;
    --warn-bg: #3a2e10; --warn-line: #e0a526; --warn-ink: #f7e6bd; --code-bg: #262d32;
  }
  .diagram img { background: #ffffff; }
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--text);
  font: 17px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
}
.wrap { max-width: 48rem; margin: 0 auto; padding: 0 1rem; }
a { color: var(--link); text-underline-offset: 2px; }
a:hover { text-decoration-thickness: 2px; }
h1, h2, h3 { line-height: 1.25; }
h1 { font-size: 1.85rem; margin: 1.5rem 0 .5rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 .6rem; padding-bottom: .25rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.1rem; margin: 1.4rem 0 .4rem; }
p, ul, ol { margin: 0 0 1rem; }
li { margin: .2rem 0; }
code, kbd, pre { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .9em; }
code { background: var(--code-bg); padding: .1em .35em; border-radius: 4px; overflow-wrap: anywhere; }
pre { background: var(--code-bg); padding: .8rem 1rem; border-radius: var(--radius); overflow-x: auto; }
pre code { background: none; padding: 0; }
blockquote { margin: 0 0 1rem; padding: .2rem 1rem; border-left: 4px solid var(--line); color: var(--muted); }
.visually-hidden {
  position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
header.site { background: var(--card); border-bottom: 1px solid var(--line); }
header.site .bar { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.25rem; padding-top: .6rem; padding-bottom: .6rem; }
.brand { display: inline-flex; align-items: center; gap: .45rem; font-weight: 700; font-size: 1.15rem; color: var(--text); text-decoration: none; }
header.site nav { display: flex; gap: 1rem; }
header.site nav a { color: var(--muted); text-decoration: none; font-weight: 600; }
header.site nav a:hover { color: var(--text); }
form.search { display: flex; gap: .4rem; }
form.search input {
  flex: 1; min-width: 0; font: inherit; color: var(--text); background: var(--bg);
  border: 1px solid var(--line); border-radius: 8px; padding: .45rem .7rem;
}
form.search input:focus { outline: 2px solid var(--accent); outline-offset: 1px; }
form.search button {
  font: inherit; font-weight: 600; border: 0; border-radius: 8px; padding: .45rem 1rem;
  background: var(--accent); color: var(--accent-ink); cursor: pointer;
}
form.search.mini { margin-left: auto; flex: 1 1 12rem; max-width: 20rem; font-size: .9rem; }
form.search.big { margin: 1rem 0 1.5rem; font-size: 1.1rem; }
form.search.big input { padding: .7rem .9rem; background: var(--card); }
.lead { font-size: 1.15rem; }
.muted, .meta { color: var(--muted); }
.meta { font-size: .9rem; }
.crumbs { font-size: .9rem; color: var(--muted); margin-top: 1.25rem; }
.crumbs a { color: var(--muted); }
.card { background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); padding: 1rem 1.25rem; margin: 0 0 1rem; }
.card h2 { border: 0; margin-top: 0; padding: 0; }
.caution {
  background: var(--warn-bg); color: var(--warn-ink); border: 1px solid var(--warn-line);
  border-left-width: 6px; border-radius: var(--radius); padding: .75rem 1rem; margin: 1.25rem 0;
}
.caution strong { display: block; margin-bottom: .2rem; }
.diagram { margin: 1.5rem 0; background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); padding: .75rem; }
.diagram img { display: block; width: 100%; height: auto; border-radius: 6px; }
.diagram figcaption { font-size: .9rem; color: var(--muted); margin-top: .5rem; }
.body { overflow-wrap: break-word; }
.tags { display: flex; flex-wrap: wrap; gap: .4rem; list-style: none; padding: 0; }
.tags li { margin: 0; }
.tags a { display: inline-block; padding: .2rem .75rem; border: 1px solid var(--line); border-radius: 1rem; background: var(--card); text-decoration: none; }
.tags a:hover { border-color: var(--accent); }
.sources { padding-left: 1.2rem; font-size: .95rem; }
.sources a { overflow-wrap: anywhere; }
.categories { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: 1rem; }
.categories .card ul { padding-left: 1.1rem; margin: 0; }
.categories h2 { font-size: 1.1rem; }
.table-wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: var(--radius); background: var(--card); margin-bottom: 1rem; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
th, td { text-align: left; padding: .5rem .7rem; border-bottom: 1px solid var(--line); vertical-align: top; }
tbody tr:last-child td { border-bottom: 0; }
th { background: var(--code-bg); font-weight: 600; white-space: nowrap; }
th.num, td.num { text-align: center; }
td.name { white-space: nowrap; }
.unconfirmed { color: var(--muted); font-style: italic; }
form.filters { display: flex; flex-wrap: wrap; align-items: flex-end; gap: .75rem; margin: 1rem 0; }
form.filters label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); gap: .2rem; }
form.filters input, form.filters select {
  font: inherit; font-size: 1rem; color: var(--text); background: var(--card);
  border: 1px solid var(--line); border-radius: 8px; padding: 0 .5rem; width: 7rem; height: 2.4rem;
}
form.filters a.clear { line-height: 2.4rem; }
form.filters button { font: inherit; font-weight: 600; border: 0; border-radius: 8px; padding: 0 1rem; height: 2.4rem; background: var(--accent); color: var(--accent-ink); cursor: pointer; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
footer.site { margin-top: 3rem; padding-bottom: 2rem; color: var(--muted); font-size: .85rem; }
footer.site p { border-top: 1px solid var(--line); padding-top: 1rem; }
@media (max-width: 40rem) {
  body { font-size: 16px; }
  h1 { font-size: 1.5rem; }
  form.search.mini { max-width: none; flex-basis: 100%; margin-left: 0; }
  dl.facts { grid-template-columns: 1fr; }
  dl.facts dd { margin-bottom: .4rem; }
  /* Device catalogue on a phone: one card per device, every column labelled, nothing off-screen. */
  .table-wrap:has(table.devices) { overflow-x: visible; }
  table.devices, table.devices tbody, table.devices tr, table.devices td { display: block; width: auto; }
  table.devices thead {
    position: absolute; width: 1px; height: 1px; overflow: hidden;
    clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap;
  }
  table.devices tr { padding: .5rem 0; border-bottom: 1px solid var(--line); }
  table.devices tbody tr:last-child { border-bottom: 0; }
  table.devices td {
    position: relative; border: 0; padding: .15rem .8rem .15rem 6.5rem;
    text-align: left; overflow-wrap: anywhere;
  }
  table.devices td::before {
    content: attr(data-label); position: absolute; left: .8rem; width: 5.2rem;
    color: var(--muted); font-size: .85rem; font-weight: 600;
  }
  table.devices td.name { white-space: normal; padding-left: .8rem; font-weight: 600; }
  table.devices td.name::before { content: none; }
}
`;

const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
<rect width="32" height="32" rx="7" fill="#0c6a80"/>
<path fill="#ffffff" d="M10.6 7.5c.7-.4 1.6-.2 2 .5l1.9 3.4c.4.7.2 1.5-.4 2l-1.6 1.2c.9 2 2.4 3.6 4.4 4.6l1.3-1.5c.5-.6 1.4-.7 2-.3l3.3 2.1c.7.4.9 1.3.5 2l-1.1 2c-.6 1.1-1.9 1.7-3.1 1.4C13.9 23.4 8.6 18.1 7.1 12.2c-.3-1.2.2-2.5 1.3-3.2z"/>
</svg>
`;

function asset(body: string, contentType: string): StaticAsset {
  const buf = Buffer.from(body, 'utf8');
  return { body: buf, contentType, etag: `"${createHash('sha256').update(buf).digest('hex').slice(0, 32)}"` };
}

const ASSETS: ReadonlyMap<string, StaticAsset> = new Map([
  ['style.css', asset(STYLE, 'text/css; charset=utf-8')],
  ['favicon.svg', asset(FAVICON, 'image/svg+xml')],
]);

/** The built-in asset called `name` (e.g. `style.css`), or undefined. Never touches the filesystem. */
export function staticAsset(name: string): StaticAsset | undefined {
  return ASSETS.get(name);
}
