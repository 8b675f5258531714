/**
 * Server-rendered pages: the knowledge index, search results and error pages. Topic and
 * device pages are in `entry-pages.ts`. All markup goes through the escaping `markup` tag.
 */
import { entryPath, type Answer, type EntryRef } from '../../core/answer/answer.js';
import { markup, layout, searchForm, type Html, type SiteOptions } from './html.js';

/** What every page template needs besides its own data. */
export interface PageContext {
  site: SiteOptions;
  /** Link to an entry by id (`/topics/<id>` or `/devices/<id>`). */
  hrefFor(id: string): string;
  /** Title of an entry by id (e.g. a device's successor), when known. */
  titleFor?(id: string): string | undefined;
}

/** Category folder name → heading. */
export function categoryLabel(name: string): string {
  const words = name.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A list of entry links shown as pills. */
export function refList(refs: readonly EntryRef[], ctx: PageContext, label: string): Html {
  return markup`<ul class="tags" aria-label="${label}">${refs.map(
    (r) => markup`<li><a href="${ctx.hrefFor(r.id)}">${r.title}</a></li>`,
  )}</ul>`;
}

/** `GET /`: search box, categories with their topics, link to devices. */
export function indexPage(
  categories: readonly { name: string; topics: readonly { id: string; title: string }[] }[],
  counts: { topics: number; devices: number },
  ctx: PageContext,
): Html {
  const main = markup`<h1>Analog phones, FXS, FXO and VoIP hardware</h1>
<p class="lead">Ask a question about wiring phones, fax machines, ATAs, gateways and PBXs, or browse
${counts.topics} sourced topics and ${counts.devices} devices.</p>
${searchForm('', 'big')}
<div class="categories">
${categories.map(
  (c) => markup`<section class="card" id="cat-${c.name}">
<h2>${categoryLabel(c.name)}</h2>
<ul>${c.topics.map((t) => markup`<li><a href="/topics/${t.id}">${t.title}</a></li>`)}</ul>
</section>`,
)}
<section class="card" id="devices">
<h2>Devices</h2>
<p>Port counts, lifeline relay and T.38 support of ${counts.devices} ATAs, gateways and cards.</p>
<p><a href="/devices">Browse the device catalogue</a></p>
</section>
<section class="card" id="wiring">
<h2>Wiring advisor</h2>
<p>How to connect two things (an analog phone and Asterisk, a landline and 3CX, 24 phones and an IP-PBX): the path, what to buy and a diagram.</p>
<p><a href="/wire">Open the wiring advisor</a></p>
</section>
</div>`;
  return layout(
    {
      title: 'Dialtone',
      description: 'Sourced answers about analog phones, FXS and FXO ports, ATAs, VoIP gateways and PBXs.',
      path: '/',
    },
    main,
    ctx.site,
  );
}

/** `GET /search?q=`: the answer, or suggestions, or a way onward. */
export function searchPage(query: string, answer: Answer | undefined, ctx: PageContext): Html {
  let result: Html;
  if (!answer) {
    result = markup`<p>Type a question, for example <em>“can I plug my wall jack into an FXS port?”</em></p>`;
  } else if (answer.status === 'answer' && answer.entry) {
    const e = answer.entry;
    const href = entryPath(e); // topics, devices and routed answers (`/wire/…`) alike
    result = markup`<section class="card answer">
<h2><a href="${href}">${e.title}</a></h2>
<p>${e.summary}</p>
${e.caution ? markup`<div class="caution" role="note"><strong>Caution</strong>${e.caution}</div>` : ''}
<p><a href="${href}">Read the full answer${e.diagram || e.type === 'advice' ? ' with diagram' : ''}</a></p>
</section>
${answer.suggestions.length ? markup`<h2>See also</h2>${refList(answer.suggestions, ctx, 'See also')}` : ''}`;
  } else if (answer.status === 'suggest' && answer.suggestions.length) {
    result = markup`<p>No single answer fits well. Did you mean one of these?</p>
${refList(answer.suggestions, ctx, 'Suggestions')}`;
  } else {
    result = markup`<p>Dialtone has no answer for that yet. Try other words (for example “FXS”, “wall jack”,
“fax”), or <a href="/">browse all topics</a> and the <a href="/devices">device catalogue</a>.</p>`;
  }
  const main = markup`<h1>${query ? markup`Results for “${query}”` : 'Search'}</h1>
${searchForm(query, 'big')}
${result}`;
  return layout({ title: query ? `Search: ${query}` : 'Search', noindex: true }, main, {
    ...ctx.site,
    query,
  });
}

/** A 4xx page that helps the reader on: a message, close entries if any, the search box and a link home. */
export function problemPage(
  status: number,
  title: string,
  message: string,
  ctx: PageContext,
  suggestions: readonly EntryRef[] = [],
): Html {
  const main = markup`<h1>${title}</h1>
<p>${message}</p>
${suggestions.length ? markup`<p>Did you mean:</p>${refList(suggestions, ctx, 'Did you mean')}` : ''}
${searchForm('', 'big')}
<p><a href="/">Back to all topics</a> · <a href="/devices">Device catalogue</a></p>
<p class="meta">HTTP ${status}</p>`;
  return layout({ title, noindex: true }, main, ctx.site);
}

/** The 500 page: never any detail about the failure. */
export function errorPage(ctx: PageContext): Html {
  const main = markup`<h1>Something went wrong</h1>
<p>Dialtone could not build this page. The error has been logged; please try again in a moment.</p>
<p><a href="/">Back to all topics</a></p>`;
  return layout({ title: 'Server error', noindex: true }, main, ctx.site);
}
