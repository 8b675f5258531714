import { describe, expect, it } from 'vitest';
import { Matcher, type MatchEntry } from '../../../src/core/match/matcher.js';

const entry = (id: string, title: string, keywords: string[], questions: string[]): MatchEntry => ({
  id,
  title,
  aliases: [id],
  keywords,
  questions,
  summary: title,
});

describe('Matcher.heldOutRanking (dialtone kb confusions)', () => {
  it('ranks every example with itself held out and shows a mislabelled one under the entry that answers it', () => {
    const matcher = new Matcher([
      entry(
        'fxs',
        'What is an FXS port? The phone port that gives dial tone',
        ['phone port', 'dial tone', 'ringing'],
        [
          'what does the fxs phone port do',
          'which port gives my handset dial tone',
          'where does the wall jack line go',
        ],
      ),
      entry(
        'fxo',
        'What is an FXO port? The line port for the wall jack',
        ['line port', 'wall jack', 'landline'],
        ['what does the fxo line port do', 'plug the landline from the wall jack into which port'],
      ),
    ]);
    const ranking = matcher.heldOutRanking();
    expect(ranking).toHaveLength(5);
    expect(ranking.filter((r) => r.owner === 'fxs')).toHaveLength(3);
    // The wall-jack question was filed under FXS; held out, the FXO entry answers it.
    expect(ranking.find((r) => r.text === 'where does the wall jack line go')).toEqual({
      text: 'where does the wall jack line go',
      owner: 'fxs',
      first: 'fxo',
    });
    expect(ranking.find((r) => r.text === 'what does the fxo line port do')?.first).toBe('fxo');
  });
});
