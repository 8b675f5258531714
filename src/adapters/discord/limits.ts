/** Discord's published limits (https://discord.com/developers/docs/resources/message). */
export const LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFieldName: 256,
  embedFieldValue: 1024,
  embedFooter: 2048,
  embedTotal: 6000,
  buttonLabel: 80,
  selectOptions: 25,
  selectLabel: 100,
  selectDescription: 100,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const;

/** The first `n` UTF-16 units of `s`, one fewer if the cut would split a surrogate pair (emoji). */
function headOf(s: string, n: number): string {
  const end = Math.max(0, n);
  const split =
    end > 0 &&
    end < s.length &&
    /[\ud800-\udbff]/.test(s.charAt(end - 1)) &&
    /[\udc00-\udfff]/.test(s.charAt(end));
  return s.slice(0, split ? end - 1 : end);
}

/**
 * Cuts text to `max` characters at the last sentence end (or word) that fits, adding `suffix`
 * (e.g. a "read more" link) so a reader knows there is more. Never splits an emoji's surrogate
 * pair (Discord rejects or mangles a lone surrogate).
 */
export function cut(text: string, max: number, suffix = '…'): string {
  if (text.length <= max) return text;
  const room = max - suffix.length;
  if (room <= 0) return headOf(suffix, max);
  const head = headOf(text, room);
  const sentence = Math.max(head.lastIndexOf('. '), head.lastIndexOf('.\n'), head.lastIndexOf('\n\n'));
  const word = head.lastIndexOf(' ');
  const at = sentence > room * 0.5 ? sentence + 1 : word > room * 0.5 ? word : head.length;
  return `${head.slice(0, at).trimEnd()}${suffix}`;
}

/** Total characters Discord counts toward the 6000 limit for one embed. */
export function embedLength(e: {
  title?: string;
  description?: string;
  fields?: { name: string; value: string }[];
  footer?: { text: string };
  author?: { name: string };
}): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0) +
    (e.footer?.text.length ?? 0) +
    (e.author?.name.length ?? 0)
  );
}
