/**
 * The wiring advisor on the web: `/wire` (pick two endpoints), `/wire/<from>/<to>[?count=N]` (the
 * advice with its generated diagram) and `/wire/<from>/<to>/diagram.svg|png`. An alias in the
 * address is redirected to the endpoint's id; an unknown endpoint gets a 404 listing the valid
 * ones; a bad count a 400. Nothing here reads the disk; the diagram is rendered from the advice.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  advise,
  completeEndpoints,
  describeExample,
  MAX_COUNT,
  resolveEndpoint,
  type Advice,
  type Endpoint,
  type PortModel,
} from '../../core/advisor/index.js';
import { wirePath } from '../../core/answer/route.js';
import type { DiagramFile } from './diagram-store.js';
import { figure } from './entry-pages.js';
import { layout, markup, type Html } from './html.js';
import { problemPage, type PageContext } from './pages.js';
import { sendDiagram, sendHtml, sendRedirect } from './respond.js';
import type { RouteDeps } from './route-deps.js';

const DIAGRAM_FILE = /^diagram\.(svg|png)$/;
/** Longest endpoint name read from an address (the longest alias is far shorter). */
const MAX_NAME = 80;

const PRESENTS: Record<Endpoint['presents'], string> = {
  station: 'station (FXO-like): plugs into an FXS port',
  line: 'line (FXS-like): feeds an FXO port',
  ip: 'SIP over IP',
  gsm: 'mobile network (SIM)',
  proprietary: 'not an analog line',
};

type Count = { ok: true; count: number } | { ok: false };

/** `?count=`: absent or empty is 1; otherwise a whole number in 1..MAX_COUNT. */
export function parseWireCount(raw: unknown): Count {
  if (raw === undefined || raw === '') return { ok: true, count: 1 };
  if (typeof raw !== 'string' || !/^\d{1,4}$/.test(raw.trim())) return { ok: false };
  const count = Number(raw.trim());
  return count >= 1 && count <= MAX_COUNT ? { ok: true, count } : { ok: false };
}

const COUNT_PROBLEM = `The count must be a whole number from 1 to ${MAX_COUNT} (how many phones, lines…).`;

/** The endpoints as a pick list for forms. */
function endpointOptions(model: PortModel, selected?: string): Html[] {
  return model.endpoints.map(
    (e) => markup`<option value="${e.id}"${e.id === selected ? markup` selected` : ''}>${e.label}</option>`,
  );
}

/** The form that asks for two endpoints and a count (GET `/wire`). */
function pickForm(model: PortModel, from?: string, to?: string, count = 1): Html {
  return markup`<form class="filters" action="/wire" method="get">
<label for="w-from">From<select id="w-from" name="from">${endpointOptions(model, from)}</select></label>
<label for="w-to">To<select id="w-to" name="to">${endpointOptions(model, to)}</select></label>
<label for="w-count">How many<input id="w-count" type="number" name="count" min="1" max="${MAX_COUNT}" inputmode="numeric" value="${count}"></label>
<button type="submit">Show the wiring</button>
</form>`;
}

/** `GET /wire`: the form and every endpoint the advisor knows. */
export function wireIndexPage(model: PortModel, ctx: PageContext): Html {
  const main = markup`<h1>Wiring advisor</h1>
<p class="lead">Pick what you have and what it should work with: Dialtone works out the path hop by hop
from the port rules (FXS meets FXO, IP meets IP over the LAN), what to buy, example devices, the
cautions that apply and a diagram of that exact path.</p>
${pickForm(model, 'analog-phone', 'ip-pbx-asterisk')}
${endpointTable(model)}`;
  return layout(
    {
      title: 'Wiring advisor',
      description: 'How to connect analog phones, faxes, landlines, PBXs, Asterisk, 3CX and SIP trunks.',
      path: '/wire',
    },
    main,
    ctx.site,
  );
}

function endpointTable(model: PortModel, link?: (id: string) => string): Html {
  const rows = model.endpoints.map(
    (e) => markup`<tr>
<td class="name">${link ? markup`<a href="${link(e.id)}">${e.id}</a>` : markup`<code>${e.id}</code>`}</td>
<td data-label="Endpoint">${e.label}</td>
<td data-label="Presents">${PRESENTS[e.presents]}</td>
</tr>`,
  );
  return markup`<h2>Endpoints</h2>
<div class="table-wrap"><table class="devices">
<thead><tr><th scope="col">Id</th><th scope="col">Endpoint</th><th scope="col">Presents</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>`;
}

/** The 404 for an unknown endpoint: the close ones first, then every valid id, each a working link. */
export function unknownEndpointPage(
  model: PortModel,
  unknown: string,
  side: { unknown: 'from' | 'to'; known?: string },
  count: number,
  ctx: PageContext,
): Html {
  const suffix = count > 1 ? `?count=${count}` : '';
  const other = (id: string): string => side.known ?? id;
  const link = (id: string): string =>
    side.unknown === 'from' ? `/wire/${id}/${other(id)}${suffix}` : `/wire/${other(id)}/${id}${suffix}`;
  const close = completeEndpoints(model, unknown, 3);
  const main = markup`<h1>Unknown endpoint</h1>
<p>The wiring advisor does not know “${unknown}”. Use one of the endpoint ids below (or one of their
usual names, such as <em>fax</em>, <em>landline</em>, <em>asterisk</em>, <em>3cx</em>, <em>sip trunk</em>).</p>
${close.length ? markup`<p>Did you mean:</p><ul class="tags" aria-label="Did you mean">${close.map((e) => markup`<li><a href="${link(e.id)}">${e.label}</a></li>`)}</ul>` : ''}
<p>Valid endpoint ids: ${model.endpoints.map((e, i) => markup`${i ? ', ' : ''}<code>${e.id}</code>`)}.</p>
${endpointTable(model, link)}
<p class="meta">HTTP 404</p>`;
  return layout({ title: 'Unknown endpoint', noindex: true }, main, ctx.site);
}

const list = (items: readonly (Html | string)[]): Html =>
  markup`<ul>${items.map((i) => markup`<li>${i}</li>`)}</ul>`;

/** `GET /wire/<from>/<to>`: the advice in full with its diagram. */
export function wirePage(
  model: PortModel,
  a: Advice,
  ctx: PageContext,
  diagram: { phoneSize?: DiagramFile['phoneSize'] } | undefined,
): Html {
  const count = Math.max(a.from.count, a.to.count);
  const base = `/wire/${a.from.id}/${a.to.id}/diagram`;
  const query = count > 1 ? `?count=${count}` : '';
  const title = `${a.from.count > 1 ? `${a.from.count} × ` : ''}${a.from.label} → ${a.to.count > 1 ? `${a.to.count} × ` : ''}${a.to.label}`;
  const ports = [a.ports.fxs ? `${a.ports.fxs} FXS` : '', a.ports.fxo ? `${a.ports.fxo} FXO` : '']
    .filter(Boolean)
    .join(' + ');
  const examples = a.equipment.flatMap((e) => e.examples);
  const others = a.equipment.flatMap((e) => e.alternatives);
  const main = markup`<nav class="crumbs" aria-label="Breadcrumb"><a href="/wire">Wiring advisor</a> › ${a.from.label} › ${a.to.label}</nav>
<article>
<h1>${title}</h1>
<p class="lead">${a.summary}</p>
${a.fix ? markup`<aside class="caution" role="note"><strong>The fix</strong>${a.fix}</aside>` : ''}
${diagram ? figure({ svg: `${base}.svg${query}`, png: `${base}.png${query}` }, `Diagram: ${title}`, diagram.phoneSize) : ''}
<h2>The path</h2>
<ol class="path">${a.nodes.map((n, i) => markup`<li>${n.text}${a.links[i] ? markup` <span class="meta">→ ${a.links[i]?.text} →</span>` : ''}</li>`)}</ol>
${a.equipment.length ? markup`<h2>What to buy</h2>${list(a.equipment.map((e) => e.label))}${ports ? markup`<p>Ports needed: ${ports}.</p>` : ''}` : ''}
${examples.length ? markup`<h2>Example devices</h2>${list(examples.map((d) => markup`<a href="/devices/${d.id}">${describeExample(d)}</a>`))}` : ''}
${others.length ? markup`<h2>Other ways</h2>${list(others)}` : ''}
${a.warnings.map((w) => markup`<aside class="caution" role="note"><strong>Caution</strong>${w.text}</aside>`)}
<h2>Another count, or something else</h2>
${pickForm(model, a.from.id, a.to.id, count)}
</article>`;
  return layout(
    {
      title,
      description: a.summary,
      path: wirePath(a),
      imagePath: diagram ? `${base}.png${query}` : undefined,
      imageAlt: diagram ? `Diagram: ${title}` : undefined,
      ogType: 'article',
    },
    main,
    ctx.site,
  );
}

const badCount = (reply: FastifyReply, ctx: PageContext): FastifyReply =>
  sendHtml(reply, 400, problemPage(400, 'Bad count', COUNT_PROBLEM, ctx));

const unavailable = (reply: FastifyReply, ctx: PageContext): FastifyReply =>
  sendHtml(
    reply,
    503,
    problemPage(
      503,
      'Wiring advisor unavailable',
      'Its port model could not be read. Please try later.',
      ctx,
    ),
  );

/** The rendered diagram of an advice, or undefined when the store has no renderer for it. */
async function diagramOf(d: RouteDeps, a: Advice): Promise<DiagramFile | undefined> {
  return d.diagrams.generated?.(a.diagramId, a.dot);
}

/** An endpoint by id or name; in an address, `-`, `_` and `+` may stand for spaces ("college-intercom"). */
function lookup(model: PortModel, raw: string): Endpoint | undefined {
  const name = raw.slice(0, MAX_NAME);
  return resolveEndpoint(model, name) ?? resolveEndpoint(model, name.replace(/[-_+]+/g, ' '));
}

type WireRequest = { Params: { from: string; to: string; file?: string }; Querystring: { count?: unknown } };

/**
 * Resolves the two endpoints and the count of a request; sends the 301 (alias → id), 400 or 404
 * itself and returns undefined then.
 */
function resolve(
  d: RouteDeps,
  params: WireRequest['Params'],
  rawCount: unknown,
  reply: FastifyReply,
  suffix = '',
): { model: PortModel; advice: Advice; ctx: PageContext } | undefined {
  const engine = d.engine();
  const ctx = d.ctxFor(engine);
  const model = engine.ports;
  if (!model) {
    unavailable(reply, ctx);
    return undefined;
  }
  const parsed = parseWireCount(rawCount);
  if (!parsed.ok) {
    badCount(reply, ctx);
    return undefined;
  }
  const from = lookup(model, params.from);
  const to = lookup(model, params.to);
  if (!from || !to) {
    const unknown = !from ? params.from : params.to;
    const side = from
      ? { unknown: 'to' as const, known: from.id }
      : { unknown: 'from' as const, known: to?.id };
    sendHtml(reply, 404, unknownEndpointPage(model, unknown.slice(0, MAX_NAME), side, parsed.count, ctx));
    return undefined;
  }
  if (from.id !== params.from || to.id !== params.to) {
    const query = parsed.count > 1 ? `?count=${parsed.count}` : '';
    sendRedirect(reply, `/wire/${from.id}/${to.id}${suffix}${query}`);
    return undefined;
  }
  return { model, advice: advise(model, engine.kb.devices, from.id, to.id, parsed.count), ctx };
}

/** Registers `/wire`, `/wire/<from>/<to>` and its diagram. */
export function wireRoutes(app: FastifyInstance, d: RouteDeps): void {
  const limited = d.questionLimit ? { rateLimit: d.questionLimit } : {};
  app.get<{ Querystring: { from?: unknown; to?: unknown; count?: unknown } }>(
    '/wire',
    { config: { name: 'wire_index', html: true } },
    (request, reply) => {
      const engine = d.engine();
      const ctx = d.ctxFor(engine);
      const model = engine.ports;
      if (!model) return unavailable(reply, ctx);
      const { from, to, count } = request.query;
      if (typeof from === 'string' && typeof to === 'string' && from && to) {
        const parsed = parseWireCount(count);
        if (!parsed.ok) return badCount(reply, ctx);
        const query = parsed.count > 1 ? `?count=${parsed.count}` : '';
        const path = `/wire/${encodeURIComponent(from.slice(0, MAX_NAME))}/${encodeURIComponent(to.slice(0, MAX_NAME))}`;
        return sendRedirect(reply, path + query, 302);
      }
      return sendHtml(reply, 200, wireIndexPage(model, ctx));
    },
  );
  app.get<WireRequest>(
    '/wire/:from/:to',
    { config: { name: 'wire', html: true, ...limited } },
    async (request, reply) => {
      const found = resolve(d, request.params, request.query.count, reply);
      if (!found) return reply;
      let diagram: DiagramFile | undefined;
      try {
        diagram = await diagramOf(d, found.advice);
      } catch {
        diagram = undefined; // the page stands without its picture; the diagram's route reports it
      }
      const page = wirePage(
        found.model,
        found.advice,
        found.ctx,
        diagram && { phoneSize: diagram.phoneSize },
      );
      return sendHtml(reply, 200, page);
    },
  );
  app.get<WireRequest>(
    '/wire/:from/:to/:file',
    { config: { name: 'wire_diagram', html: true, ...limited } },
    async (request, reply) => {
      const m = DIAGRAM_FILE.exec(request.params.file ?? '');
      if (!m)
        return sendHtml(
          reply,
          404,
          problemPage(404, 'Not found', 'That page is not part of the wiring advisor.', d.ctxFor()),
        );
      const found = resolve(d, request.params, request.query.count, reply, `/${m[0]}`);
      if (!found) return reply;
      const file = await diagramOf(d, found.advice);
      if (!file)
        return sendHtml(
          reply,
          404,
          problemPage(404, 'Not found', 'This server draws no generated diagrams.', found.ctx),
        );
      return sendDiagram(reply, file, m[1] ?? '');
    },
  );
}
