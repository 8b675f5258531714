import { describe, expect, it } from 'vitest';
import { DOMAIN_TERMS, bugReportFields, domainPhrases } from '../../../src/core/match/domain.js';
import { terms } from '../../../src/core/match/text.js';

describe('telephony words and phrases', () => {
  it('counts each jargon phrase of everyday words once, in order and whole', () => {
    expect(domainPhrases(terms('loop start vs ground start, loop start again'))).toBe(2);
    expect(domainPhrases(terms('what is a session border controller'))).toBe(1);
    expect(domainPhrases(terms('chan_dongle huawei e173 no voice'))).toBe(1);
    expect(domainPhrases(terms('what is e and m signalling used for'))).toBe(1);
    // The same words apart, reversed or cut short are not the phrase.
    expect(domainPhrases(terms('start the loop on the ground'))).toBe(0);
    expect(domainPhrases(terms('a session controller at the border'))).toBe(0);
    expect(domainPhrases(terms('my internet keeps dropping, the isp says it is the modem'))).toBe(0);
    expect(domainPhrases([])).toBe(0);
  });

  it('holds single-word jargon as the matcher stems it, but not words of other trades', () => {
    for (const word of ['disa', 'opx', 'ecm', 'kewlstart', 'zaptel', 'microfilter'])
      expect(DOMAIN_TERMS.has(terms(word)[0] ?? '')).toBe(true);
    // "paging" stems to "page", a web page's word.
    for (const word of ['paging', 'page', 'internet', 'firmware'])
      expect(DOMAIN_TERMS.has(terms(word)[0] ?? '')).toBe(false);
  });
});

describe("an app's bug report", () => {
  it('counts the fields of a bug report, not the same words in prose', () => {
    expect(bugReportFields('Quiet ringer. Device: FooPhone 2, Channel: beta, Build: 1.2.3')).toBe(3);
    expect(bugReportFields('no sound in calls since android 14, steps to reproduce: call anyone')).toBe(2);
    expect(bugReportFields('Expected behavior: it rings. Actual behaviour: silence. OS: Windows 10')).toBe(3);
    // Prose about devices and versions is no report.
    expect(bugReportFields('which device do I need, and what firmware version is current?')).toBe(0);
    expect(bugReportFields('my ht802 on firmware 1.0.19 has no dial tone')).toBe(0);
  });
});
