/**
 * The one rule for a public base URL (`PUBLIC_BASE_URL`; the web pages' og:url, Discord's
 * "open on the web" links): http(s), no query or fragment, no trailing slash. The configuration
 * checks it at start-up and the web app applies it to what it is given.
 */

/** What is wrong with `raw` as a base URL (short, for a configuration message), or undefined. */
export function baseUrlProblem(raw: string): string | undefined {
  if (!URL.canParse(raw)) return 'must be an http(s) URL';
  const u = new URL(raw);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'must be an http(s) URL';
  if (u.search || u.hash) return 'must not have a query or fragment';
  return undefined;
}

/** `raw` checked by {@link baseUrlProblem} and normalised (no trailing slash); throws when invalid. */
export function normaliseBaseUrl(raw: string): string {
  const problem = baseUrlProblem(raw);
  if (problem) throw new Error(`publicBaseUrl ${problem}: ${raw}`);
  return new URL(raw).href.replace(/\/+$/, '');
}
