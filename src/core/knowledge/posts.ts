/**
 * Whether an `asked` item's `from` URL can be a real post. `asked` claims demand: a question a
 * person asked in a forum thread, a Q&A site, a mailing list or an issue tracker. A manual, a
 * vendor's documentation or a pull request is a source of facts, not of demand, and a paraphrase
 * of it belongs among the written `questions`. This is a heuristic on the address alone (kb check
 * has no network): it names what the address looks like, and never flags a discussion address.
 */

/** Addresses that are discussions whatever else they contain ("support.example.com/t/123"). */
const DISCUSSION =
  /\/(t|thread|threads|topic|topics|questions|forum|forums|discussion|discussions|comments|viewtopic|showthread)\b|viewtopic|showthread|forum|community|stackexchange|stackoverflow|superuser|serverfault|reddit|usenet|groups\.google|lists\.|mailman|pipermail|tek-tips|dslreports/;

/**
 * What a `from` URL looks like when it is not a post ("a manual", "a pull request", ...), or
 * undefined when it may be one.
 */
export function notAPost(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined; // the URL check reports it
  }
  const host = u.hostname.toLowerCase();
  const path = u.pathname.toLowerCase();
  if (DISCUSSION.test(host + path)) return undefined;
  if (/\.(pdf|zip|docx?|xlsx?)$/.test(path)) return 'a document';
  if (host === 'github.com' || host === 'gitlab.com') {
    if (/^\/[^/]+\/[^/]+\/(pull|merge_requests)\//.test(path) || /\/-\/merge_requests\//.test(path))
      return 'a pull request';
    if (/^\/[^/]+\/[^/]+(\/(blob|tree|wiki|releases)(\/.*)?)?\/?$/.test(path)) return 'a repository page';
  }
  if (/manual|datasheet|user-?guide|admin-?guide|installation-guide/.test(host + path)) return 'a manual';
  if (/^(docs|documentation|help|kb|support)\./.test(host) || /\/(kb|knowledge-?base|docs|documentation)\//.test(path))
    return 'vendor documentation';
  return undefined;
}
