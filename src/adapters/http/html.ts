/**
 * HTML building blocks: escaping, an auto-escaping `markup` template tag and the page layout.
 * Every interpolated value is escaped unless it is already {@link Html} (built by `markup` or
 * by the Markdown sanitiser), so a template cannot forget to escape.
 */

/** A fragment of HTML that is already safe to emit. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Values a template accepts: text is escaped, {@link Html} is kept, arrays are joined, nullish/false vanish. */
export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/**
 * Tagged template that escapes every interpolation (see {@link HtmlValue}). Not called `html`
 * so that Prettier does not reformat the markup inside (and the whitespace of the output).
 */
export function markup(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** Marks trusted, already-safe markup (only for sanitiser output and constants). */
export const trusted = (markup: string): Html => new Html(markup);

/** Head metadata for one page. */
export interface PageMeta {
  /** Page title (without the site name). */
  title: string;
  /** Short description: `<meta name=description>` and `og:description`. */
  description?: string;
  /** Path of this page (e.g. `/topics/fxs`), made absolute for `og:url` when a base URL is known. */
  path?: string;
  /** Path of a preview image (e.g. `/diagrams/x.png`), for `og:image` when a base URL is known. */
  imagePath?: string;
  /** Alt text for the preview image. */
  imageAlt?: string;
  /** `og:type` (default `website`). */
  ogType?: 'website' | 'article';
  /** Ask robots not to index (error pages, search results). */
  noindex?: boolean;
}

/** Site-wide settings for the layout. */
export interface SiteOptions {
  /** Absolute base URL without a trailing slash, e.g. `https://dialtone.example.org`. */
  publicBaseUrl?: string;
  /** The query to prefill in the header search box. */
  query?: string;
}

export const SITE_NAME = 'Dialtone';

/** Builds a whole HTML document around `main`. */
export function layout(meta: PageMeta, main: Html, site: SiteOptions = {}): Html {
  const base = site.publicBaseUrl;
  const abs = (p: string | undefined): string | undefined => (base && p ? base + p : undefined);
  const url = abs(meta.path);
  const image = abs(meta.imagePath);
  const fullTitle = meta.title === SITE_NAME ? SITE_NAME : `${meta.title} · ${SITE_NAME}`;
  return markup`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${fullTitle}</title>
${meta.description ? markup`<meta name="description" content="${meta.description}">` : ''}
${meta.noindex ? markup`<meta name="robots" content="noindex">` : ''}
<link rel="stylesheet" href="/static/style.css">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
${url ? markup`<link rel="canonical" href="${url}">` : ''}
<meta property="og:site_name" content="${SITE_NAME}">
<meta property="og:type" content="${meta.ogType ?? 'website'}">
<meta property="og:title" content="${meta.title}">
${meta.description ? markup`<meta property="og:description" content="${meta.description}">` : ''}
${url ? markup`<meta property="og:url" content="${url}">` : ''}
${image ? markup`<meta property="og:image" content="${image}">` : ''}
${image && meta.imageAlt ? markup`<meta property="og:image:alt" content="${meta.imageAlt}">` : ''}
<meta name="twitter:card" content="${image ? 'summary_large_image' : 'summary'}">
</head>
<body>
<header class="site">
<div class="wrap bar">
<a class="brand" href="/"><img src="/static/favicon.svg" alt="" width="24" height="24"> ${SITE_NAME}</a>
<nav aria-label="Site"><a href="/">Topics</a> <a href="/devices">Devices</a> <a href="/wire">Wiring</a></nav>
${searchForm(site.query ?? '', 'mini')}
</div>
</header>
<main class="wrap">
${main}
</main>
<footer class="site wrap">
<p>Dialtone answers analog telephony and VoIP hardware questions from a curated, sourced knowledge base.
Check the sources before wiring real lines.</p>
</footer>
</body>
</html>
`;
}

/** The search form (GET `/search?q=`). */
export function searchForm(query: string, variant: 'big' | 'mini'): Html {
  const id = variant === 'big' ? 'q-big' : 'q-mini';
  return markup`<form class="search ${variant}" action="/search" method="get" role="search">
<label for="${id}" class="visually-hidden">Ask a question</label>
<input id="${id}" type="search" name="q" value="${query}" maxlength="500" placeholder="${
    variant === 'big' ? 'e.g. which port does my phone plug into?' : 'Search'
  }" required>
<button type="submit">${variant === 'big' ? 'Ask' : 'Go'}</button>
</form>`;
}
