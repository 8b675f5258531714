import { beforeAll, describe, expect, it } from 'vitest';
import {
  completeEndpoints,
  loadPortModel,
  namedEndpoints,
  parseAdvisorQuestion,
  type PortModel,
} from '../../../src/core/advisor/index.js';

let model: PortModel;
beforeAll(async () => {
  model = await loadPortModel();
});

describe('parseAdvisorQuestion', () => {
  it.each([
    ['how do I connect my fax to asterisk', { from: 'fax', to: 'ip-pbx-asterisk' }],
    ['can my old panasonic pbx use a sip trunk', { from: 'pbx-co-port', to: 'sip-trunk' }],
    ['24 analog phones to Asterisk?', { from: 'analog-phone', to: 'ip-pbx-asterisk', count: 24 }],
    [
      'we need 30 classrooms of the college intercom on 3CX',
      { from: 'analog-intercom', to: 'ip-pbx-3cx', count: 30 },
    ],
    ['landline into freepbx, what do i need', { from: 'wall-jack', to: 'ip-pbx-asterisk' }],
    ['hook my alarm panel up to a voip provider', { from: 'alarm-panel', to: 'sip-trunk' }],
    ['Connect a SIP phone to FreeSWITCH', { from: 'sip-phone', to: 'ip-pbx-freeswitch' }],
    ['plug 2 fax machines into the fritzbox', { from: 'fax', to: 'isp-phone-port', count: 2 }],
    ['can a gsm sim feed my cordless phone', { from: 'mobile-network', to: 'cordless-base' }],
    ['I want to plug a phone into another phone', { from: 'analog-phone', to: 'analog-phone' }],
    ['two analog lines into 3cx', { from: 'wall-jack', to: 'ip-pbx-3cx', count: 2 }],
  ])('%s', (text, expected) => {
    expect(parseAdvisorQuestion(model, text)).toEqual(expected);
  });

  it.each(['what is fxs', 'does the ht813 do t38', 'my phone has no dial tone', ''])(
    'needs two endpoints: %j',
    (text) => {
      expect(parseAdvisorQuestion(model, text)).toBeUndefined();
    },
  );
});

describe('namedEndpoints', () => {
  it("reads a device's port names as ports, not as the endpoints their words also name", () => {
    expect(namedEndpoints(model, 'an ata with 2 phone ports')).toEqual([]);
    expect(namedEndpoints(model, 'i need an ata with a line port')).toEqual([]);
    expect(namedEndpoints(model, 'my fax into the phone port of the fritzbox')).toEqual([
      'fax',
      'isp-phone-port',
    ]);
    // An endpoint alias that holds the words is longer and still names its endpoint.
    expect(namedEndpoints(model, 'isp router phone port')).toEqual(['isp-phone-port']);
    expect(namedEndpoints(model, 'two phones and a landline')).toEqual(['analog-phone', 'wall-jack']);
  });
});

describe('completeEndpoints', () => {
  it('exact and prefix matches first, at most the limit', () => {
    expect(completeEndpoints(model, 'asterisk')[0]?.id).toBe('ip-pbx-asterisk');
    expect(completeEndpoints(model, 'fa')[0]?.id).toBe('fax');
    expect(completeEndpoints(model, '', 25).length).toBeLessThanOrEqual(25);
    expect(completeEndpoints(model, 'zzzz')).toEqual([]);
  });
});
