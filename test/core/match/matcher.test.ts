import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/core/engine.js';
import { parseLabelled } from '../../../src/core/eval.js';
import { loadKnowledge } from '../../../src/core/knowledge/load.js';
import { LONG_POST_WORDS, Matcher, editDistance } from '../../../src/core/match/matcher.js';

const { kb } = await loadKnowledge(['knowledge']);
const engine = new Engine(kb);

/** The question is answered outright with entry `id`. */
function answersWith(q: string, id: string): void {
  const r = engine.match(q);
  expect(r.candidates[0]?.id).toBe(id);
  expect(r.decision).toBe('answer');
}

describe('matcher on the shipped knowledge', () => {
  it.each([
    ['what is fxs', 'fxs'],
    ['whats an fxo port for', 'fxo'],
    ['FXS vs FXO?', 'fxs-vs-fxo'],
    ['where does my fax machine plug in on the ata', 'port-for-fax-modem'],
    ['which port does the wall jack go into on my ht813', 'port-for-wall-jack'],
    ['calls never hang up on my fxo gateway', 'disconnect-supervision'],
    ['how many fxs ports does the ht814 have', 'grandstream-ht814'],
    ['pap2t', 'linksys-pap2t'],
    ['t.38 or g711 for faxing?', 'fax-t38-vs-g711'],
    ['no dial tone on my ata phone port', 'no-dial-tone'],
    // "attach" is a rare word of the fax-to-email topic's PDF attachments: the REN topic holds the verbs too.
    ['how many phones can I attach to my ata', 'ren'],
    // A name and words asking what it means is that name's entry, as "what is an ATA" is.
    ['what does ata stand for', 'ata'],
    ['REN meaning', 'ren'],
    ['full form of fxs', 'fxs'],
    // "go in" is "plug" (synonyms.yaml): with only "port" and "phone" left the which-port topics tied.
    ['which port does my phone go in', 'port-for-phone'],
    // "dialtone", and "dialton" as it is often typed, read as "dial tone" (synonyms.yaml).
    ['phone no dialton', 'no-dial-tone'],
    // The which-port topics hold the verbs people ask with (the Teams topic had "connect … fax … ATA").
    ['how do i connect my fax to my ata', 'port-for-fax-modem'],
    ['how do i connect my phone to the ata', 'port-for-phone'],
    // Misspelt negations are negations ("phone does not ring" is an alias).
    ['my phone dosent ring', 'phone-does-not-ring'],
  ])('%s → %s (answer)', answersWith);

  // Jargon with no everyday telephony word ("phone", "line", "call"): the jargon is the telephony
  // word (domain.ts), so these get the usual bands, not the stricter one of "my wifi keeps dropping".
  it.each([
    ['loop start vs ground start whats the difference', 'loop-start-ground-start'],
    ['session border controller explained', 'what-is-sbc'],
    ['what does opx mean', 'long-analog-runs-opx'],
    ['how do i set up disa', 'disa-pstn-to-voip'],
    ['should ecm be on or off', 'fax-ecm'],
  ])('answers jargon that names no everyday telephony word: %s → %s', answersWith);

  it.each([
    ['waht is an analgo telephone adaptr', 'ata'], // typos
    ['which gatway for my analgo phones', 'fxs-vs-fxo-gateway'],
    ['disconect supervison on fxo', 'disconnect-supervision'],
    ['whats the diffrence between an fxo and fxs port', 'fxs-vs-fxo'],
    ['wat is fxo', 'fxo'],
    ['wat is an fsx port', 'fxs'],
  ])('corrects typos: %s → %s', (q, id) => {
    expect(engine.match(q).candidates[0]?.id).toBe(id);
  });

  // Chat spellings of "what" are filler, as "what" is: the rest is an entry's exact name.
  it.each([
    ["what's FXS", 'fxs'],
    ['wats an ata', 'ata'],
    ['wat is fxo', 'fxo'],
  ])('answers a name asked in chat spelling: %s → %s', answersWith);

  it("does not answer a phone app's or a PC's trouble with the hardware topic that shares its words", () => {
    for (const q of [
      'echo on every call from my samsung phone app',
      'teams on my laptop plays call audio through the speakers instead of my headset',
      // A phone's bug report: its fields say so even without an app word.
      'Ringer got very quiet. Device: FooPhone 3, Channel: stable, Build: 2.4. Volume is at max.',
    ])
      expect(engine.match(q).decision).not.toBe('answer');
    // The same trouble on the hardware we know is ours.
    const ours = engine.match('echo on calls from my analog phone on the ata');
    expect([ours.decision, ours.candidates[0]?.id]).toEqual(['answer', 'echo-analog']);
  });

  it('reads a word DAHDI users type in capitals (KEWLSTART) as the loop-start/disconnect topics', () => {
    expect(['disconnect-supervision', 'loop-start-ground-start']).toContain(
      engine.match('KEWLSTART').candidates[0]?.id,
    );
  });

  it.each([
    'lol',
    'gm everyone',
    'thanks, that fixed it!!',
    'which GPU should I buy',
    'FX trading signals anyone?',
    'what is FXAA and should I turn it on',
    'how do i port forward for my minecraft server',
    'Call our AT&T support line 1-8XX-XXX-XXXX now for fast help',
    'free nitro here discord-gift[.]xyz',
    '',
    '???',
  ])('gives off-topic "%s" no answer at all', (q) => {
    expect(engine.match(q).decision).toBe('none');
  });

  it('never answers wifi trouble with the ATA-over-Wi-Fi topic (a "did you mean" at most)', () => {
    const r = engine.match('my laptop loses wifi every hour or so, is that the router or my provider?');
    expect(r.decision).not.toBe('answer');
  });

  it.each([
    'the office printer shows a driver not recognized error',
    'anyone know how to get a cracked tablet screen replaced cheaply',
  ])('stays silent on tech-support chat with no telephony in it: "%s"', (q) => {
    expect(engine.match(q).decision).toBe('none');
  });

  it('takes audio trouble for telephony talk', () => {
    const r = engine.match('audio keeps breaking up, any way to get clear audio?');
    expect([r.decision, r.candidates[0]?.id]).toEqual(['answer', 'choppy-audio-jitter']);
  });

  it('counts "analog devices" and Skype for Business/Lync as telephony talk', () => {
    // Neither names a phone or a call, yet both are squarely about telephony hardware: without
    // the domain words the question needed twice the evidence and went unanswered.
    for (const q of ['how do i deploy analog devices with sfb', 'analogue devices on lync, what do i need']) {
      const r = engine.match(q);
      expect(r.decision, q).not.toBe('none');
      expect(r.candidates[0]?.id, q).toBe('teams-zoom-analog-sbc');
    }
  });

  it('does not take a web page or a tip for telephony talk', () => {
    // "paging" and "tip" (of tip and ring) stem to words every router question has.
    for (const q of [
      "my asus router's firmware upgrade page keeps saying upload failed",
      'got a tip: the web page of my router shows an error',
    ])
      expect(engine.match(q).decision, q).toBe('none');
  });

  it('answers a device + topic question with the topic, the device named and following', () => {
    const r = engine.match('is the ht802 any good for fax?');
    expect(r.candidates[0]?.id).toMatch(/^fax-/);
    expect(r.candidates[1]?.id).toBe('grandstream-ht802');
    expect(r.mentioned).toContain('grandstream-ht802');
    expect(r.decision).toBe('answer');
  });

  it.each([
    ['spa8800 ports? fxs and fxo both?', 'cisco-spa8800'],
    ['does the linksys pap2t have a port for the landline', 'linksys-pap2t'],
    ['how many phones can the spa8000 take', 'cisco-spa8000'],
    // A typo leaves a rest that a topic matches only by chance: the device stays first.
    ['does the obi110 have a lie port', 'obihai-obi110'],
    // A topic that mentions the model ranks first on the words alone: the card tells status and specs.
    ['is the obi110 end of life', 'obihai-obi110'],
    ['does the ht813 have a lifeline port', 'grandstream-ht813'],
    ['obi200 alternative', 'obihai-obi200'],
  ])('keeps a spec question about a named device on the device: %s', (q, id) => {
    expect(engine.match(q).candidates[0]?.id).toBe(id);
  });

  it("puts the topic the rest asks for before one that only the model's name brought first", () => {
    // The Google Voice topic is about the OBi models; the question is the fax topic's.
    const r = engine.match('does obi200 support fax');
    expect(r.candidates[0]?.id).toMatch(/^fax-/);
    expect(r.candidates[1]?.id).toBe('obihai-obi200');
    // A question the model's topic answers keeps it.
    expect(engine.match('obi 202 google voice not ringing').candidates[0]?.id).toBe('obihai-google-voice');
  });

  it('leaves a where-to-plug or how-it-works question that names a device on the topic', () => {
    expect(engine.match('landline from wall into my ht813, phone port or line port').candidates[0]?.id).toBe(
      'port-for-wall-jack',
    );
    expect(engine.match('what does the lifeline port do on the spa3102').candidates[0]?.id).toBe(
      'lifeline-relay',
    );
  });

  // The figures themselves are the ratchet's (test/core/quality.test.ts, quality-floor.json).
  it('has a labelled set whose labels all name existing entries (test/fixtures/questions.jsonl)', () => {
    const labelled = parseLabelled(readFileSync('test/fixtures/questions.jsonl', 'utf8'), 'questions.jsonl');
    expect(labelled.filter((l) => !l.offtopic).length).toBeGreaterThanOrEqual(60);
    expect(labelled.filter((l) => l.offtopic).length).toBeGreaterThanOrEqual(20);
    // Every label names an entry that exists (a renamed topic must not silently drop out of the set).
    const labelledIds = new Set(labelled.flatMap((l) => (l.expect_id ? [l.expect_id].flat() : [])));
    for (const id of labelledIds)
      expect(kb.topics.has(id) || kb.devices.has(id), `unknown label ${id}`).toBe(true);
  });
});

describe('Matcher mechanics', () => {
  const entries = [
    {
      id: 'a',
      title: 'Apples',
      aliases: ['apple'],
      keywords: ['fruit'],
      questions: ['what is an apple'],
      summary: 'A fruit.',
    },
    {
      id: 'b',
      title: 'Bananas',
      aliases: ['banana'],
      keywords: ['fruit', 'yellow'],
      questions: ['what is a banana'],
      summary: 'A yellow fruit.',
    },
  ];

  it('answers an exact name with high confidence, and ranks the rest after', () => {
    const r = new Matcher(entries).match('banana');
    expect(r.decision).toBe('answer');
    expect(r.candidates[0]).toMatchObject({ id: 'b' });
    expect(r.confidence).toBeGreaterThan(0.9);
  });

  it('takes a name for what it says, not for the one word left without its stopwords', () => {
    const calls = [
      ...entries,
      {
        id: 'out',
        title: 'Outgoing calls fail',
        aliases: ['cannot call out', 'phone wont ring'],
        keywords: ['outbound'],
        questions: ['i can receive calls but not make them'],
        summary: 'Calls in work, calls out fail.',
      },
      {
        id: 'rec',
        title: 'Call recording',
        aliases: ['record calls'],
        keywords: ['call', 'recording'],
        questions: ['how do i record a call'],
        summary: 'Recording a call.',
      },
    ];
    const m = new Matcher(calls);
    // "cannot call out" once became the bare term "call": the message "call" was that name.
    expect(m.match('call').candidates[0]?.id).toBe('rec');
    const out = m.match('cannot call out');
    expect([out.decision, out.candidates[0]?.id]).toEqual(['answer', 'out']);
    expect(m.match('the phone wont ring').candidates[0]?.id).toBe('out');
  });

  it('keeps confidence in [0, 1] and candidates sorted', () => {
    for (const q of ['fruit', 'yellow fruit', 'apple banana', 'zzz']) {
      const r = new Matcher(entries).match(q);
      for (const c of r.candidates) {
        expect(c.confidence).toBeGreaterThanOrEqual(0);
        expect(c.confidence).toBeLessThanOrEqual(1);
      }
    }
  });

  it('respects custom thresholds', () => {
    expect(new Matcher(entries, {}, { answerAt: 1.01 }).match('what is a banana').decision).toBe('suggest');
  });

  /** The fruit entries and one about phones (the telephony word). */
  const phones = [
    ...entries,
    {
      id: 'c',
      title: 'Phones',
      aliases: ['telephone'],
      keywords: ['phone'],
      questions: ['which phone'],
      summary: 'A phone.',
    },
  ];
  /** The decision with these thresholds (suggesting from nearly 0). */
  const decide = (answerAt: number, text: string): string =>
    new Matcher(phones, {}, { answerAt, suggestAt: 0.01 }).match(text).decision;

  it('asks more evidence of a message without a single telephony word', () => {
    const q = 'tell me about yellow bananas';
    const c = new Matcher(phones).match(q).confidence;
    expect(c).toBeGreaterThan(0.1);
    expect(c).toBeLessThan(0.98);
    // Without a telephony word the suggest band starts at the answer threshold, and answering
    // takes halfway from there to 1.
    expect(decide(c - 0.01, q)).toBe('suggest');
    expect(decide(c + 0.01, q)).toBe('none');
    // With one, the usual bands.
    expect(decide(0.01, `${q} on the phone`)).toBe('answer');
  });

  it('asks more evidence of a long post (more than LONG_POST_WORDS words of prose)', () => {
    const confidence = (q: string) => new Matcher(phones).match(q).confidence;
    const short = 'which phone for my fruit stand';
    const words = 'we sell apples and bananas there every single day'.split(' ');
    const story = Array.from({ length: Math.ceil(LONG_POST_WORDS / words.length) }, () => words.join(' '));
    const long = `${short}. ${story.join('. ')}.`;
    expect(decide(confidence(short) - 0.01, short)).toBe('answer');
    // Long: the answer band starts halfway from the threshold to 1.
    const cl = confidence(long);
    expect(cl).toBeLessThan(0.98);
    expect(decide(cl - 0.01, long)).toBe('suggest');
    // The same words as a config dump are not prose: the usual band.
    const dumped = [short, ...story.flatMap((line) => line.split(' ').map((w) => `${w}=1`))].join('\n');
    expect(decide(confidence(dumped) - 0.01, dumped)).toBe('answer');
  });

  it.each([
    ['kitten', 'sitting', 3, 3],
    ['fxs', 'fxo', 1, 1],
    ['abc', 'abc', 0, 0],
    ['abcdef', 'a', 2, 3],
  ])('editDistance(%s, %s, limit %i) = %i', (a, b, limit, d) => {
    expect(editDistance(a, b, limit)).toBe(d);
  });
});
