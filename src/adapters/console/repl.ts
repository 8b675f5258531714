import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Engine } from '../../core/engine.js';
import { formatAnswer, formatEntryLong } from './format.js';
import { wireCommand } from './wire.js';
import { MAX_QUESTION_CHARS } from '../../core/match/post.js';

const HELP = `Ask a VoIP hardware question in your own words, e.g. "what is fxs" or "where does my fax plug in".
  wire <from> <to> [--count N]
               how to connect two things, e.g. wire fax asterisk, wire "analog phone" 3cx --count 24
  :more        the long explanation of the last answer
  :topics      categories and topics
  :show <id>   one topic or device
  :help        this help
  :quit        leave`;

/** Longest question read (the core's own cap); the rest of a longer line is ignored. */
export { MAX_QUESTION_CHARS };

/**
 * The interactive console: one question per line. Works on a terminal and on piped input
 * (reads until end of input). Resolves when the user quits or input ends.
 */
export async function runConsole(engine: () => Engine, input: Readable, output: Writable): Promise<void> {
  const interactive = 'isTTY' in input && Boolean((input as { isTTY?: boolean }).isTTY);
  const rl = createInterface({ input, output: interactive ? output : undefined, terminal: interactive });
  const say = (text: string): void => {
    output.write(`${text}\n`);
  };
  let last: string | undefined;
  if (interactive) {
    say('Dialtone console. Type a question, or :help.');
    rl.setPrompt('? ');
    rl.prompt();
  }
  for await (const raw of rl) {
    const line = raw.slice(0, MAX_QUESTION_CHARS).trim();
    if (line === ':quit' || line === ':q' || line === ':exit') break;
    if (line) say(respond(engine(), line, last, (id) => (last = id)));
    if (interactive) rl.prompt();
  }
  rl.close();
}

function respond(
  engine: Engine,
  line: string,
  last: string | undefined,
  remember: (id: string) => void,
): string {
  if (line === ':help') return HELP;
  if (line === ':topics') {
    return engine
      .categories()
      .map((c) => `${c.name}:\n${c.topics.map((t) => `  ${t.id} — ${t.title}`).join('\n')}`)
      .join('\n');
  }
  if (line === ':more') {
    const e = last ? engine.entry(last) : undefined;
    return e
      ? formatEntryLong(e)
      : 'Ask a question first; :more shows the long explanation of the last answer.';
  }
  if (line.startsWith(':show')) {
    const id = line.slice(5).trim();
    const e = engine.entry(id);
    if (!e) return `No topic or device "${id}". Try :topics.`;
    remember(e.id);
    return formatEntryLong(e);
  }
  const wired = wireCommand(engine, line);
  if (wired !== undefined) return wired;
  if (line.startsWith(':')) return `Unknown command ${line.split(/\s/)[0]}. ${HELP}`;
  const answer = engine.ask(line);
  if (answer.entry) remember(answer.entry.id);
  return formatAnswer(answer);
}
