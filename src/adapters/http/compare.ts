/**
 * Two devices side by side on the web: `/devices/compare/<a>/<b>` (ids) with their generated
 * diagram at `/devices/compare/<a>/<b>/diagram.svg|png`. A name in the address ("pap2t",
 * "spa-112") is redirected to the ids; an unknown device is a 404 that points to the catalogue.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { compareDevices, type Comparison } from '../../core/advisor/index.js';
import { deviceIdByName } from '../../core/advisor/device-name.js';
import type { DiagramFile } from './diagram-store.js';
import { figure } from './entry-pages.js';
import { layout, markup, type Html } from './html.js';
import { type PageContext } from './pages.js';
import { sendDiagram, sendHtml, sendRedirect } from './respond.js';
import type { RouteDeps } from './route-deps.js';

const DIAGRAM_FILE = /^diagram\.(svg|png)$/;

/** The address of two devices' comparison. */
export const comparePath = (a: string, b: string): string =>
  `/devices/compare/${encodeURIComponent(a)}/${encodeURIComponent(b)}`;

/** `GET /devices/compare/<a>/<b>`: one row per fact, differences marked, both cards linked. */
export function comparePage(
  c: Comparison,
  ctx: PageContext,
  diagram: { phoneSize?: DiagramFile['phoneSize'] } | undefined,
): Html {
  const title = `${c.a.title} vs ${c.b.title}`;
  const base = `${comparePath(c.a.id, c.b.id)}/diagram`;
  const card = (d: Comparison['a']): Html => markup`<a href="${ctx.hrefFor(d.id)}">${d.title}</a>`;
  const differ = c.rows.filter((r) => !r.same).map((r) => r.label);
  const rows = c.rows.map(
    (r) => markup`<tr${r.same ? '' : markup` class="differ"`}>
<th scope="row">${r.label}${r.same ? '' : markup` <span class="meta">(differs)</span>`}</th>
<td data-label="${c.a.title}">${r.a}</td>
<td data-label="${c.b.title}">${r.b}</td>
</tr>`,
  );
  const main = markup`<nav class="crumbs" aria-label="Breadcrumb"><a href="/devices">Devices</a> › Compare</nav>
<article>
<h1>${title}</h1>
<p class="lead">Differences: ${differ.length ? differ.join(', ') : 'none recorded'}.</p>
<div class="table-wrap"><table class="compare">
<thead><tr><th scope="col">Fact</th><th scope="col">${card(c.a)}</th><th scope="col">${card(c.b)}</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>
${diagram ? figure({ svg: `${base}.svg`, png: `${base}.png` }, `Diagram: ${title}`, diagram.phoneSize) : ''}
<p>Device cards: ${card(c.a)} · ${card(c.b)} · <a href="/devices">all devices</a></p>
</article>`;
  return layout(
    {
      title,
      description: `${title}: FXS and FXO ports, lifeline relay, T.38, power and status side by side.`,
      path: comparePath(c.a.id, c.b.id),
      imagePath: diagram ? `${base}.png` : undefined,
      imageAlt: diagram ? `Diagram: ${title}` : undefined,
    },
    main,
    ctx.site,
  );
}

/** The 404 for a device the catalogue does not have: its name and a link to the catalogue. */
export function unknownDevicePage(name: string, ctx: PageContext): Html {
  const main = markup`<h1>Unknown device</h1>
<p>The catalogue has no device “${name}”.</p>
<p><a href="/devices">See all devices</a></p>
<p class="meta">HTTP 404</p>`;
  return layout({ title: 'Unknown device', noindex: true }, main, ctx.site);
}

type CompareRequest = { Params: { a: string; b: string; file?: string } };

/** Resolves both devices; sends the 301 (name → id) or 404 itself and returns undefined then. */
function resolve(
  d: RouteDeps,
  params: CompareRequest['Params'],
  reply: FastifyReply,
  suffix = '',
): { comparison: Comparison; ctx: PageContext } | undefined {
  const engine = d.engine();
  const ctx = d.ctxFor(engine);
  const devices = engine.kb.devices;
  const a = deviceIdByName(devices, params.a);
  const b = deviceIdByName(devices, params.b);
  const comparison = a && b ? compareDevices(devices, a, b) : undefined;
  if (!a || !b || !comparison) {
    sendHtml(reply, 404, unknownDevicePage((a ? params.b : params.a).slice(0, 80), ctx));
    return undefined;
  }
  if (a !== params.a || b !== params.b) {
    sendRedirect(reply, comparePath(a, b) + suffix);
    return undefined;
  }
  return { comparison, ctx };
}

const diagramId = (c: Comparison): string => `compare-${c.a.id}-${c.b.id}`;

/** Registers `/devices/compare/<a>/<b>` and its diagram. */
export function compareRoutes(app: FastifyInstance, d: RouteDeps): void {
  app.get<CompareRequest>(
    '/devices/compare/:a/:b',
    { config: { name: 'device_compare', html: true } },
    async (request, reply) => {
      const found = resolve(d, request.params, reply);
      if (!found) return reply;
      let diagram: DiagramFile | undefined;
      try {
        diagram = await d.diagrams.generated?.(diagramId(found.comparison), found.comparison.dot);
      } catch {
        diagram = undefined; // the page stands without its picture; the diagram's route reports it
      }
      const page = comparePage(found.comparison, found.ctx, diagram && { phoneSize: diagram.phoneSize });
      return sendHtml(reply, 200, page);
    },
  );
  app.get<CompareRequest>(
    '/devices/compare/:a/:b/:file',
    { config: { name: 'device_compare_diagram', html: true } },
    async (request, reply) => {
      const m = DIAGRAM_FILE.exec(request.params.file ?? '');
      if (!m) return sendHtml(reply, 404, unknownDevicePage(request.params.file ?? '', d.ctxFor()));
      const found = resolve(d, request.params, reply, `/${m[0]}`);
      if (!found) return reply;
      const file = await d.diagrams.generated?.(diagramId(found.comparison), found.comparison.dot);
      if (!file) return sendHtml(reply, 404, unknownDevicePage(m[0], found.ctx));
      return sendDiagram(reply, file, m[1] ?? '');
    },
  );
}
