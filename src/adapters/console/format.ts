import { describeExample, type Advice } from '../../core/advisor/index.js';
import { ENGLISH_ONLY, type Answer, type AnswerEntry } from '../../core/answer/answer.js';
import { wirePath } from '../../core/answer/route.js';

/** Where to look when there is no answer; the console has `:topics`, a one-shot `ask` does not. */
const CONSOLE_HINT = 'Try :topics to see what I know.';

/** An answer as plain text for a terminal; `hint` follows "I don't know". */
export function formatAnswer(a: Answer, options: { hint?: string } = {}): string {
  if (a.advice) return formatRoutedAdvice(a.advice, a.suggestions);
  if (a.status === 'answer' && a.entry) {
    const e = a.entry;
    const lines = [`${e.title}  (${e.id}, confidence ${a.confidence.toFixed(2)})`, '', e.summary];
    if (e.caution) lines.push('', `⚠ ${e.caution}`);
    if (e.related.length) lines.push('', `Related: ${e.related.map((r) => r.id).join(', ')}`);
    if (e.diagram) lines.push(`Diagram: ${e.diagram}`);
    if (e.sources[0]) lines.push(`Source: ${e.sources[0]}`);
    return lines.join('\n');
  }
  if (a.status === 'suggest') {
    return [
      'Not sure. Did you mean:',
      ...a.suggestions.map((s, i) => `  ${i + 1}. ${s.title} (${s.id})`),
    ].join('\n');
  }
  if (a.language) return ENGLISH_ONLY;
  return `Sorry, I don't know that one. ${options.hint ?? CONSOLE_HINT}`;
}

/** The long form of an entry. */
export function formatEntryLong(e: AnswerEntry): string {
  const lines = [e.title, '='.repeat(Math.min(e.title.length, 60)), '', e.summary];
  if (e.body) lines.push('', e.body);
  if (e.caution) lines.push('', `⚠ ${e.caution}`);
  if (e.devices.length) lines.push('', `Devices: ${e.devices.map((d) => d.title).join(', ')}`);
  lines.push('', 'Sources:', ...e.sources.map((s) => `  ${s}`));
  if (e.reviewed) lines.push(`Reviewed: ${e.reviewed}`);
  return lines.join('\n');
}

/** The advice as plain text for a terminal. */
export function formatAdvice(a: Advice): string {
  const times = (n: number): string => (n > 1 ? `${n} × ` : '');
  const list = (title: string, items: readonly string[]): string[] =>
    items.length ? [``, `${title}:`, ...items.map((i) => `  - ${i}`)] : [];
  const lines = [
    `${times(a.from.count)}${a.from.label} → ${times(a.to.count)}${a.to.label}`,
    '',
    a.summary,
    '',
    `Path: ${a.pathText}`,
    ...list(
      'What to buy',
      a.equipment.map((e) => e.label),
    ),
    ...list(
      'Example devices',
      a.equipment.flatMap((e) => e.examples.map(describeExample)),
    ),
    ...list(
      'Other ways',
      a.equipment.flatMap((e) => e.alternatives),
    ),
    ...(a.fix ? ['', `Fix: ${a.fix}`] : []),
    ...list(
      'Caution',
      a.warnings.map((w) => w.text),
    ),
  ];
  return lines.join('\n');
}

/** A question the engine routed to the advisor: the advice, its web page, the topics found as "see also". */
function formatRoutedAdvice(a: Advice, seeAlso: readonly { id: string }[]): string {
  const lines = [formatAdvice(a), '', `Diagram: ${wirePath(a)} on the web server`];
  if (seeAlso.length) lines.push(`See also: ${seeAlso.map((s) => s.id).join(', ')}`);
  return lines.join('\n');
}
