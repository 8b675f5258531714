import { describe, expect, it } from 'vitest';
import { decodeCustomId, encodeCustomId, type CustomId } from '../../../src/adapters/discord/custom-id.js';

describe('custom-id codec', () => {
  const all: CustomId[] = [
    { kind: 'topic', id: 'fxs-vs-fxo' },
    { kind: 'feedback', vote: 'up', id: 'fxs' },
    { kind: 'feedback', vote: 'down', id: 'ht802' },
    { kind: 'category' },
    { kind: 'pick' },
    { kind: 'kb-form', mode: 'new' },
    { kind: 'kb-form', mode: 'edit', version: '0123456789abcdef' },
    { kind: 'kb-save', draft: 'a1b2c3' },
    { kind: 'kb-cancel', draft: 'a1b2c3' },
    { kind: 'kb-miss', draft: 'a1b2c3' },
    { kind: 'kb-teachform', draft: 'a1b2c3' },
  ];

  it('reads back every id it writes', () => {
    for (const c of all) expect(decodeCustomId(encodeCustomId(c))).toEqual(c);
  });

  it('keeps the formats members already have on old messages', () => {
    expect(encodeCustomId({ kind: 'topic', id: 'fxs' })).toBe('dt:t:fxs');
    expect(encodeCustomId({ kind: 'feedback', vote: 'up', id: 'fxs' })).toBe('dt:fb:up:fxs');
    expect(encodeCustomId({ kind: 'kb-form', mode: 'edit', version: 'v1' })).toBe('kb:form:edit:v1');
    expect(encodeCustomId({ kind: 'kb-save', draft: 'd1' })).toBe('kb:save:d1');
  });

  it('returns undefined for ids it never makes, including prototype names', () => {
    for (const s of [
      '',
      'dt',
      'dt:t:',
      'dt:fb:sideways:fxs',
      'dt:cat:x',
      'kb:frob:d1',
      'kb:save:',
      'kb:constructor:x',
      'kb:toString:x',
      'kb:form:old',
      'other:t:fxs',
    ])
      expect(decodeCustomId(s), s).toBeUndefined();
  });

  it('refuses to build an id over Discord’s 100 characters', () => {
    expect(() => encodeCustomId({ kind: 'topic', id: 'x'.repeat(100) })).toThrow(RangeError);
  });
});
