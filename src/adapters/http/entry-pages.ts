/**
 * Topic and device pages and the device catalogue table.
 */
import type { AnswerEntry, EntryRef } from '../../core/answer/answer.js';
import { DEVICE_KINDS, type Device } from '../../core/knowledge/schema.js';
import { describeStatus, deviceTitle } from '../../core/answer/device-text.js';
import { markup, layout, type Html } from './html.js';
import { EXTERNAL_REL, renderMarkdown } from './markdown.js';
import { categoryLabel, refList, type PageContext } from './pages.js';
import { isFiltering, type DeviceFilter } from './devices.js';

const KIND_LABEL: Record<Device['kind'], string> = {
  ata: 'ATA',
  gateway: 'Gateway',
  card: 'Telephony card',
  pbx: 'IP-PBX',
  router: 'Router',
};

const unconfirmed = markup`<span class="unconfirmed">unconfirmed</span>`;
const count = (n: number | undefined): Html | number => (n === undefined ? unconfirmed : n);
const yesNo = (b: boolean | undefined): Html | string => (b === undefined ? unconfirmed : b ? 'yes' : 'no');

/** The power-fail lifeline: a device without an FXO port has nothing to fall back to. */
export function lifelineText(d: Device): string | undefined {
  if (d.fxo === 0 && d.lifeline !== true) return 'no (no FXO port)';
  return d.lifeline === undefined ? undefined : d.lifeline ? 'yes' : 'no';
}
const lifeline = (d: Device): Html | string => lifelineText(d) ?? unconfirmed;

/** The lifecycle ("End of life (2023); successor: Cisco ATA 191"), successor linked when known. */
function status(d: Device, ctx: PageContext): Html {
  const successorTitle = d.successor ? ctx.titleFor?.(d.successor) : undefined;
  if (!d.successor || !successorTitle || d.status === 'current') return markup`${describeStatus(d)}`;
  const text = describeStatus(d, successorTitle);
  const at = text.lastIndexOf(successorTitle);
  return markup`${text.slice(0, at)}<a href="${ctx.hrefFor(d.successor)}">${successorTitle}</a>${text.slice(at + successorTitle.length)}`;
}

function sources(urls: readonly string[]): Html {
  return markup`<h2>Sources</h2>
<ol class="sources">${urls.map((u) =>
    /^https?:\/\//i.test(u)
      ? markup`<li><a href="${u}" rel="${EXTERNAL_REL}">${u}</a></li>`
      : markup`<li>${u}</li>`,
  )}</ol>`;
}

const section = (title: string, refs: readonly EntryRef[], ctx: PageContext): Html | '' =>
  refs.length ? markup`<h2>${title}</h2>${refList(refs, ctx, title)}` : '';

/**
 * Wider than the phone breakpoint of the stylesheet (40rem): the SVG, laid out left to right for
 * the page column. Narrower screens get the PNG, which follows the phone rule of the diagram
 * renderer (top to bottom when a wide layout's labels would be too small; see `phoneLayout`).
 */
const WIDE_SCREEN = '(min-width: 40.0625rem)';

/**
 * The diagram figure. A diagram whose labels would be under 10 px on a phone even top to bottom
 * (`phoneSize`, see `DiagramFile`) is shown there at that size in a horizontal scroller: the
 * `width`/`height` attributes size it (the CSP allows no inline styles) and the stylesheet lets
 * them apply only under its 40rem breakpoint; wider screens fit the SVG to the column.
 */
function diagramFigure(e: AnswerEntry, phoneSize?: { width: number; height: number }): Html | '' {
  if (!e.diagram) return '';
  const file = `/diagrams/${e.diagram}`;
  return figure({ svg: `${file}.svg`, png: `${file}.png` }, `Diagram: ${e.title}`, phoneSize);
}

/** A diagram figure from its SVG and PNG addresses (topic pages, wiring advice); see `diagramFigure`. */
export function figure(
  src: { svg: string; png: string },
  alt: string,
  phoneSize?: { width: number; height: number },
): Html {
  const { svg, png } = src;
  const size = phoneSize ? markup` width="${phoneSize.width}" height="${phoneSize.height}"` : '';
  return markup`<figure class="diagram${phoneSize ? ' scroll' : ''}">
<div class="diagram-frame"><a href="${svg}"><picture><source media="${WIDE_SCREEN}" srcset="${svg}" type="image/svg+xml"><img src="${png}" alt="${alt}"${size} loading="eager"></picture></a></div>
<figcaption>Diagram${phoneSize ? markup`<span class="scroll-hint"> (wide: scroll sideways)</span>` : ''} · <a href="${svg}">open as SVG</a> · <a href="${png}">PNG</a></figcaption>
</figure>`;
}

/** `GET /topics/<id>`; `diagramPhoneSize` from the rendered diagram, when it needs a scroller. */
export function topicPage(
  e: AnswerEntry,
  ctx: PageContext,
  diagramPhoneSize?: { width: number; height: number },
): Html {
  const png = e.diagram ? `/diagrams/${e.diagram}.png` : undefined;
  const main = markup`<nav class="crumbs" aria-label="Breadcrumb"><a href="/">Topics</a> › <a href="/#cat-${e.category}">${categoryLabel(e.category)}</a></nav>
<article>
<h1>${e.title}</h1>
<p class="lead">${e.summary}</p>
${e.caution ? markup`<aside class="caution" role="note"><strong>Caution</strong>${e.caution}</aside>` : ''}
${diagramFigure(e, diagramPhoneSize)}
${e.body.trim() ? markup`<div class="body">${renderMarkdown(e.body)}</div>` : ''}
${section('Related topics', e.related, ctx)}
${section('Devices', e.devices, ctx)}
${sources(e.sources)}
${e.reviewed ? markup`<p class="meta">Facts last reviewed <time datetime="${e.reviewed}">${e.reviewed}</time>.</p>` : ''}
</article>`;
  return layout(
    {
      title: e.title,
      description: e.summary,
      path: `/topics/${e.id}`,
      imagePath: png,
      imageAlt: e.diagram ? `Diagram: ${e.title}` : undefined,
      ogType: 'article',
    },
    main,
    ctx.site,
  );
}

/** `GET /devices/<id>`. */
export function devicePage(e: AnswerEntry, d: Device, ctx: PageContext): Html {
  const main = markup`<nav class="crumbs" aria-label="Breadcrumb"><a href="/devices">Devices</a> › ${KIND_LABEL[d.kind]}</nav>
<article>
<h1>${e.title}</h1>
<p class="lead">${e.summary}</p>
<section class="card">
<dl class="facts">
<dt>Vendor</dt><dd>${d.vendor}</dd>
<dt>Model</dt><dd>${d.model}</dd>
<dt>Kind</dt><dd>${KIND_LABEL[d.kind]}</dd>
<dt>FXS (phone) ports</dt><dd>${count(d.fxs)}</dd>
<dt>FXO (line) ports</dt><dd>${count(d.fxo)}</dd>
<dt>Power-fail lifeline</dt><dd>${lifeline(d)}</dd>
<dt>T.38 fax</dt><dd>${yesNo(d.t38)}</dd>
${d.ethernet !== undefined ? markup`<dt>Ethernet ports</dt><dd>${d.ethernet}</dd>` : ''}
${d.router !== undefined ? markup`<dt>Router (WAN + LAN)</dt><dd>${d.router ? 'yes' : 'no'}</dd>` : ''}
${d.power ? markup`<dt>Power</dt><dd>${d.power}</dd>` : ''}
<dt>Status</dt><dd>${status(d, ctx)}</dd>
${d.aliases.length ? markup`<dt>Also called</dt><dd>${d.aliases.join(', ')}</dd>` : ''}
</dl>
</section>
${d.notes ? markup`<h2>Notes</h2><p>${d.notes}</p>` : ''}
${section('Topics that mention it', e.related, ctx)}
${sources(e.sources)}
</article>`;
  return layout(
    { title: e.title, description: e.summary, path: `/devices/${e.id}`, ogType: 'article' },
    main,
    ctx.site,
  );
}

function filterForm(f: DeviceFilter): Html {
  const kindOption = (k: string, label: string): Html =>
    markup`<option value="${k}"${f.kind === k ? markup` selected` : ''}>${label}</option>`;
  return markup`<form class="filters" action="/devices" method="get">
<label for="f-fxs">FXS ports<input id="f-fxs" type="number" name="fxs" min="0" max="1000" inputmode="numeric" value="${f.fxs ?? ''}"></label>
<label for="f-fxo">FXO ports<input id="f-fxo" type="number" name="fxo" min="0" max="1000" inputmode="numeric" value="${f.fxo ?? ''}"></label>
<label for="f-kind">Kind<select id="f-kind" name="kind">${kindOption('', 'Any')}${DEVICE_KINDS.map((k) => kindOption(k, KIND_LABEL[k]))}</select></label>
<button type="submit">Filter</button>
${isFiltering(f) ? markup`<a class="clear" href="/devices">Clear</a>` : ''}
</form>`;
}

/** `GET /devices`: the catalogue table with its filter form (and any filter errors). */
export function devicesPage(
  devices: readonly Device[],
  filter: DeviceFilter,
  errors: readonly string[],
  ctx: PageContext,
): Html {
  const rows = devices.map(
    (d) => markup`<tr>
<td class="name"><a href="/devices/${d.id}">${deviceTitle(d)}</a></td>
<td data-label="Kind">${KIND_LABEL[d.kind]}</td>
<td class="num" data-label="FXS">${count(d.fxs)}</td>
<td class="num" data-label="FXO">${count(d.fxo)}</td>
<td data-label="Lifeline">${lifeline(d)}</td>
<td data-label="T.38">${yesNo(d.t38)}</td>
<td data-label="Status">${status(d, ctx)}</td>
</tr>`,
  );
  const main = markup`<h1>Device catalogue</h1>
<p>Port counts come from the cited sources; <span class="unconfirmed">unconfirmed</span> means no source
confirms the value. Filters match port counts exactly.</p>
${filterForm(filter)}
${errors.length ? markup`<div class="caution" role="alert"><strong>Check the filter</strong>${errors.map((m) => markup`${m} `)}</div>` : ''}
<p class="meta">${devices.length} device${devices.length === 1 ? '' : 's'}${isFiltering(filter) ? ' match' : ''}.</p>
${
  devices.length
    ? markup`<div class="table-wrap"><table class="devices">
<thead><tr><th scope="col">Device</th><th scope="col">Kind</th><th scope="col" class="num">FXS</th><th scope="col" class="num">FXO</th><th scope="col">Lifeline</th><th scope="col">T.38</th><th scope="col">Status</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>`
    : markup`<p>No device matches. <a href="/devices">Show all devices</a>.</p>`
}`;
  return layout(
    {
      title: 'Device catalogue',
      description:
        'FXS and FXO port counts, lifeline relay and T.38 support of ATAs, gateways and telephony cards.',
      path: '/devices',
      noindex: isFiltering(filter),
    },
    main,
    ctx.site,
  );
}
