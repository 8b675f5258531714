import { terms } from './text.js';

/**
 * Words that mark a message as telephony talk. Off-topic chat in a tech server shares plenty of
 * words with the knowledge ("wifi dropping", "router", "printer not recognized", "screen"), so
 * coverage alone cannot tell them apart; a message about phones nearly always names a phone,
 * a call, a line, a port type or a device. The calibrator learns how much this counts (the
 * `domainLog` feature); device model numbers named in a message count too.
 */
const DOMAIN_WORDS = `
  phone phones telephone telephones telephony handset handsets cordless dect headset
  call calls calling caller callers called callerid dial dialing dialled dialed dialtone dialer tone tones
  ring rings ringing ringer ringers ringback rang busy reorder congestion hangup hang hook offhook onhook
  line lines landline landlines trunk trunks pstn pots copper telco
  fxs fxo ata atas voip sip pbx ippbx pabx asterisk freepbx 3cx freeswitch dahdi issabel elastix
  extension extensions ext intercom intercoms doorbell paging pager overhead voicemail mwi
  fax faxes faxing t38 g711 g729 g722 codec codecs modem modems dtmf rfc2833 inband
  jack jacks rj11 rj14 rj21 tip punch demarc nid
  rotary pulse isdn bri pri t1 e1 sbc teams gateway gateways
  ren ringing polarity cid fsk echo
  alarm elevator lifeline 911 e911 emergency
  obihai obi grandstream linksys sipura polycom yealink fanvil audiocodes patton sangoma digium
  cisco spa fritzbox speedport easybox emta gsm goip
  register registration registered trunking did ooma vonage magicjack
  rtp jitter`;

/** The stems of `DOMAIN_WORDS`, as the matcher's terms. */
export const DOMAIN_TERMS: ReadonlySet<string> = new Set(terms(DOMAIN_WORDS));
