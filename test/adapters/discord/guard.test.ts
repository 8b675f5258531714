import { describe, expect, it } from 'vitest';
import { Guard } from '../../../src/adapters/discord/guard.js';

describe('Guard', () => {
  it('limits questions per user per sliding minute', () => {
    let now = 0;
    const g = new Guard({ perMinute: 2, cooldownMs: 1000, now: () => now });
    expect([g.allowUser('u'), g.allowUser('u'), g.allowUser('u')]).toEqual([true, true, false]);
    expect(g.allowUser('other')).toBe(true);
    now = 60_001;
    expect(g.allowUser('u')).toBe(true);
  });

  it('cools down one entry per channel', () => {
    let now = 0;
    const g = new Guard({ perMinute: 0, cooldownMs: 1000, now: () => now });
    g.markPosted('c1', 'fxs');
    expect(g.coolingDown('c1', 'fxs')).toBe(true);
    expect(g.coolingDown('c2', 'fxs')).toBe(false);
    expect(g.coolingDown('c1', 'fxo')).toBe(false);
    now = 1000;
    expect(g.coolingDown('c1', 'fxs')).toBe(false);
  });
});
