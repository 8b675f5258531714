/**
 * Markdown → sanitised HTML for topic bodies. Knowledge can come from moderators (the
 * overlay), so the output of `marked` is never trusted: `sanitize-html` keeps a small set of
 * formatting tags, http(s)/mailto links only (with `rel="noopener noreferrer nofollow"`),
 * and drops scripts, event handlers, images, iframes, styles and raw HTML tricks.
 */
import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { trusted, type Html } from './html.js';

const marked = new Marked({ gfm: true, breaks: false, async: false });

/** Link rel for every external link we render. */
export const EXTERNAL_REL = 'noopener noreferrer nofollow';

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'hr',
    'strong',
    'b',
    'em',
    'i',
    'del',
    's',
    'code',
    'pre',
    'kbd',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'h3',
    'h4',
    'h5',
    'h6',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: { a: ['href', 'title', 'rel'], ol: ['start'], th: ['align'], td: ['align'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    // The page has its own h1/h2; keep the body's headings below them.
    h1: 'h3',
    h2: 'h3',
    a: (tagName, attribs) => ({
      tagName,
      attribs: {
        ...(attribs.href !== undefined ? { href: attribs.href } : {}),
        ...(attribs.title !== undefined ? { title: attribs.title } : {}),
        rel: EXTERNAL_REL,
      },
    }),
  },
};

/** Renders Markdown to sanitised HTML, safe to embed in a page. */
export function renderMarkdown(markdown: string): Html {
  const raw = marked.parse(markdown, { async: false });
  return trusted(sanitizeHtml(raw, SANITIZE));
}

/** Sanitises an HTML string with the same rules as {@link renderMarkdown} (exported for tests). */
export const sanitize = (markup: string): string => sanitizeHtml(markup, SANITIZE);
