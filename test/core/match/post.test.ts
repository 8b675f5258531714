import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/core/engine.js';
import { loadKnowledge } from '../../../src/core/knowledge/load.js';
import { outOfScope } from '../../../src/core/match/scope.js';
import { looksLikeSpam } from '../../../src/core/match/spam.js';
import {
  ASKING_WEIGHT,
  DUMP_WEIGHT,
  MAX_QUESTION_CHARS,
  WORKING_WEIGHT,
  contrasted,
  postSentences,
  workingOnlyTerms,
} from '../../../src/core/match/post.js';

const { kb } = await loadKnowledge(['knowledge']);
const engine = new Engine(kb);

describe('reading a post', () => {
  it('drops quotes, greetings and signatures, weighs dumps low and questions high', () => {
    const s = postSentences(
      'Hi all,\n> earlier reply that was quoted\nI moved house last month. Which port does the wall jack go into?\nsignalling=fxs_ks\n--\nBob\nSent from my phone',
    );
    expect(s.map((x) => x.text)).toEqual([
      'I moved house last month.',
      'Which port does the wall jack go into?',
      'signalling=fxs_ks',
    ]);
    expect(s.map((x) => x.weight)).toEqual([1, ASKING_WEIGHT, DUMP_WEIGHT]);
  });

  it('takes the sentence that states the problem as the question when the question itself says nothing', () => {
    const vague = postSentences(
      'I set up a GSM dongle on my PBX. Everything works except I can not hear ringback from the called party. What can I do for this issue? Thanks.',
    );
    expect(vague.map((x) => x.weight)).toEqual([1, ASKING_WEIGHT, ASKING_WEIGHT, 1]);
    // A question that names what it is about stays the question; the backstory stays backstory.
    const clear = postSentences('My ATA does not ring. Why does the HT802 give no ringback?');
    expect(clear.map((x) => x.weight)).toEqual([1, ASKING_WEIGHT]);
    // No problem stated: nothing changes.
    expect(postSentences('I have an HT802 at home. Any idea?').map((x) => x.weight)).toEqual([
      1,
      ASKING_WEIGHT,
    ]);
    // What the poster cannot find is their search, not the setup's problem.
    expect(
      postSentences('DTMF is not detected on incoming calls. I cannot find the reason. Any idea?').map(
        (x) => x.weight,
      ),
    ).toEqual([ASKING_WEIGHT, 1, ASKING_WEIGHT]);
  });

  it('reads at most MAX_QUESTION_CHARS of a huge post', () => {
    const huge = 'fxs '.repeat(1_000_000);
    const chars = postSentences(huge).reduce((n, s) => n + s.text.length, 0);
    expect(chars).toBeLessThanOrEqual(MAX_QUESTION_CHARS);
    expect(() => engine.match(huge)).not.toThrow();
  });
});

describe('a sentence that contrasts what fails with what works', () => {
  it('weighs the part that works as context, the failing part as the sentence did', () => {
    expect(contrasted({ text: "the phone doesn't ring but I can call out", weight: 1 })).toEqual([
      { text: "the phone doesn't ring", weight: 1, whole: "the phone doesn't ring but I can call out" },
      { text: 'I can call out', weight: WORKING_WEIGHT, whole: "the phone doesn't ring but I can call out" },
    ]);
    const asked = contrasted({
      text: 'incoming works fine, but why cant I call out?',
      weight: ASKING_WEIGHT,
    });
    expect(asked.map((p) => [p.text, p.weight])).toEqual([
      ['incoming works fine', WORKING_WEIGHT],
      ['why cant I call out?', ASKING_WEIGHT],
    ]);
  });

  it('leaves a sentence whole when both parts fail, neither works, or it has no turn', () => {
    for (const text of [
      "i have dial tone but can't dial out",
      'it rings but there is no sound',
      "calls drop and I can't hear anything but it doesn't matter",
      'incoming calls work fine',
      // "no sound" states no problem word: the dongle named in the working part stays in the question.
      'k3765 dongle working call in and out, but no sound',
    ])
      expect(contrasted({ text, weight: 1 }), text).toEqual([{ text, weight: 1 }]);
  });

  it('an example question: the words only its working part says are context, not its subject', () => {
    expect(workingOnlyTerms('can receive calls but cannot make them')).toEqual(new Set(['receiv', 'call']));
    // "call" is said in the failing part too: it stays the example's.
    expect(workingOnlyTerms('incoming calls work fine, but why cant I call out?')).toEqual(
      new Set(['incom', 'work', 'fine']),
    );
    expect(workingOnlyTerms("i have dial tone but can't dial out").size).toBe(0);
    expect(workingOnlyTerms('phone does not ring').size).toBe(0);
  });

  it("on the shipped knowledge, a topic's example that says receiving works does not claim 'I can't receive calls'", () => {
    // cannot-call-out's examples say "can receive calls but not make them": before, that example
    // answered this question with the outgoing-calls topic.
    const r = engine.match('i cant receive calls on my ata');
    expect(r.candidates[0]?.id).toBe('phone-does-not-ring');
  });

  it('postSentences splits such a sentence; with nothing asked, the failing part is the question', () => {
    expect(postSentences("phone doesn't ring but i can call out").map((s) => s.weight)).toEqual([
      ASKING_WEIGHT,
      WORKING_WEIGHT,
    ]);
  });
});

describe('gates treat telephony talk as content', () => {
  it.each([
    'that answer was excellent',
    'is the ht802 in stock anywhere',
    'call me on 555-123-4567 to test the line',
    'SRTP crypto offer rejected by the ATA',
  ])('"%s" is neither spam nor out of scope', (q) => {
    expect(looksLikeSpam(q)).toBe(false);
    expect(outOfScope(q)).toBe(false);
  });
  it.each([
    'Call our support line 1-8XX-XXX-XXXX now for fast help',
    'Buy Google Voice accounts, fast delivery',
  ])('"%s" is spam', (q) => {
    expect(looksLikeSpam(q)).toBe(true);
  });
});

describe('never confidently wrong on the known traps', () => {
  it('"rings but no audio" is not the no-ringback topic', () => {
    const r = engine.match('my phone rings but no audio when i pick up');
    expect(r.candidates[0]?.id).not.toBe('no-ringback');
  });
  it('"dial tone but can\'t dial out" is not answered with the no-dial-tone topic', () => {
    const r = engine.match("i have dial tone but can't dial out");
    expect(r.decision === 'answer' && r.candidates[0]?.id === 'no-dial-tone').toBe(false);
  });
  it('"incoming works but outgoing fails" is the outbound problem, not a phone that does not ring', () => {
    for (const q of [
      'incoming calls work but outgoing calls fail',
      'people can call me but i cannot call out',
    ]) {
      const r = engine.match(q);
      expect(r.candidates[0]?.id, q).toBe('cannot-call-out');
    }
  });
  it('what works is context: the failing part picks the topic', () => {
    for (const [q, id] of [
      ["phone doesn't ring but i can call out", 'phone-does-not-ring'],
      ['outgoing calls work but incoming dont ring', 'phone-does-not-ring'],
      ["i can't call out but incoming works", 'cannot-call-out'],
      ['fax receive works but sending fails', 'fax-failures'],
    ]) {
      const r = engine.match(q as string);
      expect(r.candidates[0]?.id, q).toBe(id);
    }
  });
  it('"rings but there is no sound" is about the audio, not a phone that does not ring', () => {
    const r = engine.match('the phone rings but there is no sound when i answer');
    expect(['phone-does-not-ring', 'no-ringback']).not.toContain(r.candidates[0]?.id);
  });
  it('a question inside a long story keeps its topic among the first three', () => {
    const r = engine.match(
      'We just moved our office and the old phone guy left. The building has some old copper and an alarm panel in the back room. ' +
        'Anyway, my question: which port on the HT813 does the landline from the wall jack go into?',
    );
    expect(r.candidates.slice(0, 3).map((c) => c.id)).toContain('port-for-wall-jack');
    expect(r.mentioned).toEqual(['grandstream-ht813']);
  });
});
