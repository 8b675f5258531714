import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLabelled } from '../../../src/core/eval.js';
import { loadKnowledge } from '../../../src/core/knowledge/load.js';
import { matchEntries } from '../../../src/core/match/entries.js';
import { Matcher, type MatcherIndexStore, type MatcherSnapshot } from '../../../src/core/match/matcher.js';

const { kb } = await loadKnowledge(['knowledge']);
const entries = matchEntries(kb);

/** A store that keeps what a file would: a structured-clone copy (class instances as plain objects). */
function memoryStore(): MatcherIndexStore & { sets: number; kept: Map<string, unknown> } {
  const kept = new Map<string, unknown>();
  return {
    kept,
    sets: 0,
    get: (key) => kept.get(key),
    set(key, snapshot) {
      this.sets++;
      kept.set(key, structuredClone(snapshot));
    },
  };
}

/** Questions as people write them: the labelled set, typos, long posts, other languages, off-topic. */
const QUESTIONS = [
  ...parseLabelled(readFileSync('test/fixtures/questions.jsonl', 'utf8'), 'questions.jsonl').map((q) => q.q),
  'wat is fxo',
  'whats the diffrence between an fxo and fxs port',
  'my phone rings but no audio',
  'pap2t vs spa112',
  'is the spa3102 still sold',
  'how many lines does the gxw4248 do',
  'Hallo, mein Faxgerät funktioniert nicht an der Fritzbox, was kann ich tun?',
  'what is the best pizza topping',
  `I have had VoIP for years. Yesterday the power went out and the phone died. ${'We live far out. '.repeat(20)} How do I keep calling when the power fails?`,
];

describe('Matcher.create with an index store', () => {
  const store = memoryStore();
  const built = Matcher.create(entries, kb.synonyms, { index: store });
  const restored = Matcher.create(entries, kb.synonyms, { index: store });

  it('builds once, then restores the same matcher from the store', () => {
    expect(store.sets).toBe(1);
    expect(restored).not.toBe(built);
    expect(restored).toBeInstanceOf(Matcher);
    expect(restored.size).toBe(built.size);
    expect(restored.answerAt).toBe(built.answerAt);
    expect(restored.suggestAt).toBe(built.suggestAt);
  });

  it('answers every question exactly as the built one', () => {
    for (const q of QUESTIONS) expect(restored.match(q), q).toEqual(built.match(q));
    // The knowledge's own example questions too (a sample across every entry).
    for (const e of entries)
      for (const q of e.questions.slice(0, 2)) expect(restored.match(q), q).toEqual(built.match(q));
  });

  it('revives every field that holds a class instance (a new one must be added to REVIVE)', () => {
    const plain = [Object, Array, Map, Set, RegExp, Int32Array, Float64Array, Uint8Array, Uint32Array];
    const classes = Object.entries(built)
      .filter(([, v]) => typeof v === 'object' && v !== null)
      .filter(([, v]) => !plain.some((c) => Object.getPrototypeOf(v) === c.prototype))
      .map(([name]) => name)
      .sort();
    expect(classes).toEqual(['examples', 'holdings', 'search', 'speller']);
    for (const name of classes) {
      const [mine, theirs] = [(restored as never)[name] as object, (built as never)[name] as object];
      expect(Object.getPrototypeOf(mine), name).toBe(Object.getPrototypeOf(theirs));
    }
  });

  it('applies the options of the call, not those of the build', () => {
    const strict = Matcher.create(entries, kb.synonyms, { index: store, answerAt: 1.01 });
    expect(store.sets).toBe(1);
    expect(strict.answerAt).toBe(1.01);
    expect(strict.match('what is an fxs port').decision).toBe('suggest');
  });

  it('builds anew for other knowledge, and for a snapshot that is not one', () => {
    const other = memoryStore();
    const fewer = entries.slice(1);
    Matcher.create(fewer, kb.synonyms, { index: store });
    expect(store.sets).toBe(2);
    // Under the right key, but from other code: a miss, not an error.
    const [key] = store.kept.keys();
    for (const bad of [
      { version: 99, key, state: {} },
      { version: 1, key, state: { indexById: new Map() } },
      { version: 1, key: 'other', state: {} },
      'garbage',
    ]) {
      other.kept.clear();
      other.sets = 0;
      other.kept.set(key as string, bad);
      const m = Matcher.create(entries, kb.synonyms, { index: { get: () => bad, set: () => other.sets++ } });
      expect(m.match('what is an fxs port').candidates[0]?.id).toBe(
        built.match('what is an fxs port').candidates[0]?.id,
      );
      expect(other.sets).toBe(1);
    }
  });

  it('builds when the store cannot be read', () => {
    const failing: MatcherIndexStore = {
      get: () => {
        throw new Error('disk on fire');
      },
      set: (_key: string, _s: MatcherSnapshot) => {},
    };
    expect(Matcher.create(entries, kb.synonyms, { index: failing }).size).toBe(built.size);
  });
});
