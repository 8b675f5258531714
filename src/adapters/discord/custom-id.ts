/**
 * The one codec for the `custom_id`s of Dialtone's buttons, menus and modals: every id is built
 * by {@link encodeCustomId} and read back by {@link decodeCustomId}, never split by hand.
 *
 * Formats (Discord allows 100 characters): `dt:t:<topic>`, `dt:fb:up|down:<entry>`, `dt:cat`,
 * `dt:pick`; the moderators' `kb:form:new`, `kb:form:edit:<version>`, `kb:save|cancel|miss|teachform:<draft>`.
 */

/** What a component is for, with its arguments. */
export type CustomId =
  | { kind: 'topic'; id: string }
  | { kind: 'feedback'; vote: 'up' | 'down'; id: string }
  | { kind: 'category' }
  | { kind: 'pick' }
  | { kind: 'kb-form'; mode: 'new' }
  | { kind: 'kb-form'; mode: 'edit'; version: string | null }
  | { kind: 'kb-save' | 'kb-cancel' | 'kb-miss' | 'kb-teachform'; draft: string };

/** Discord's limit for a custom id. */
export const MAX_CUSTOM_ID = 100;

const DRAFT_KINDS = {
  save: 'kb-save',
  cancel: 'kb-cancel',
  miss: 'kb-miss',
  teachform: 'kb-teachform',
} as const;

/** The id string for `c`; throws when it would exceed Discord's 100 characters. */
export function encodeCustomId(c: CustomId): string {
  const s = ((): string => {
    switch (c.kind) {
      case 'topic':
        return `dt:t:${c.id}`;
      case 'feedback':
        return `dt:fb:${c.vote}:${c.id}`;
      case 'category':
        return 'dt:cat';
      case 'pick':
        return 'dt:pick';
      case 'kb-form':
        return c.mode === 'new' ? 'kb:form:new' : `kb:form:edit:${c.version ?? ''}`;
      default:
        return `kb:${c.kind.slice(3)}:${c.draft}`;
    }
  })();
  if (s.length > MAX_CUSTOM_ID)
    throw new RangeError(`custom id longer than ${MAX_CUSTOM_ID}: ${s.slice(0, 40)}…`);
  return s;
}

/** What `s` stands for, or undefined for an id Dialtone does not (or no longer) make. */
export function decodeCustomId(s: string): CustomId | undefined {
  const [scope, kind, ...rest] = s.split(':');
  const arg = rest.join(':');
  if (scope === 'dt') {
    if (kind === 't' && arg) return { kind: 'topic', id: arg };
    if (kind === 'fb' && (rest[0] === 'up' || rest[0] === 'down') && rest.length > 1) {
      return { kind: 'feedback', vote: rest[0], id: rest.slice(1).join(':') };
    }
    if (kind === 'cat' && !rest.length) return { kind: 'category' };
    if (kind === 'pick' && !rest.length) return { kind: 'pick' };
    return undefined;
  }
  if (scope !== 'kb' || kind === undefined) return undefined;
  if (kind === 'form') {
    if (arg === 'new') return { kind: 'kb-form', mode: 'new' };
    if (rest[0] === 'edit')
      return { kind: 'kb-form', mode: 'edit', version: rest.slice(1).join(':') || null };
    return undefined;
  }
  if (!Object.hasOwn(DRAFT_KINDS, kind) || !arg) return undefined;
  return { kind: DRAFT_KINDS[kind as keyof typeof DRAFT_KINDS], draft: arg };
}
