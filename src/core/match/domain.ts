import { terms } from './text.js';

/** Vendors and ISP boxes of the hardware Dialtone knows: telephony words, and hardware words. */
const VENDOR_WORDS = `
  obihai obi grandstream linksys sipura polycom yealink fanvil audiocodes patton sangoma digium
  fritzbox speedport easybox emta goip`;

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
  analog analogue sfb lync
  fxs fxo ata atas voip sip pbx ippbx pabx asterisk freepbx 3cx freeswitch dahdi issabel elastix
  extension extensions ext intercom intercoms doorbell pager overhead voicemail mwi
  fax faxes faxing t38 g711 g729 g722 codec codecs modem modems dtmf rfc2833 inband
  jack jacks rj11 rj14 rj21 punch demarc nid
  rotary pulse isdn bri pri t1 e1 sbc teams gateway gateways
  ren ringing polarity cid fsk echo
  alarm elevator lifeline 911 e911 emergency ${VENDOR_WORDS} cisco spa gsm
  register registration registered trunking did ooma vonage magicjack
  rtp jitter audio
  disa opx ecm kewlstart zaptel loopstart groundstart microfilter udptl oslec hylafax iaxmodem
  t38modem ksu drpd ringdown hookflash fxsks fxoks proslic rj31x dact tdd baudot ntba vmwi gvsip
  ringall doorbox`;

/** The stems of `DOMAIN_WORDS`, as the matcher's terms. */
export const DOMAIN_TERMS: ReadonlySet<string> = new Set(terms(DOMAIN_WORDS));

/**
 * Telephony jargon of two or three everyday words: "loop start vs ground start", "what is a
 * session border controller" name no telephony word, yet are nothing else.
 */
const DOMAIN_PHRASES = `loop start; ground start; session border controller; channel bank;
  foreign exchange; branch exchange; rate interface; key system; service codes; error correction mode;
  message waiting; store and forward; hunt group; hunt order; spare pair; dial plan; digit map;
  chan dongle; chan mobile; e and m; ear and mouth`;

/** `DOMAIN_PHRASES` as space-padded runs of the matcher's terms. */
const PHRASE_TERMS: readonly string[] = DOMAIN_PHRASES.split(';').map((p) => {
  const t = terms(p);
  if (t.length < 2) throw new Error(`domain phrase "${p.trim()}" is one term: make it a word`);
  return ` ${t.join(' ')} `;
});

/** How many of `DOMAIN_PHRASES` a run of processed terms (the question's, in order) holds. */
export function domainPhrases(termsInOrder: readonly string[]): number {
  if (termsInOrder.length < 2) return 0;
  const text = ` ${termsInOrder.join(' ')} `;
  let n = 0;
  for (const p of PHRASE_TERMS) if (text.includes(p)) n++;
  return n;
}

/**
 * Words that put a message on a mobile phone, a phone or desktop app, or a PC's audio: "echo on
 * calls from my Android", "the dialer app crashes", "Teams does not find my headset". They share
 * the telephony words (call, dial tone, echo, codec) but not the hardware Dialtone knows; the
 * calibrator learns how much they count against an answer (the `appLog` feature).
 */
const APP_WORDS = `
  android iphone ios ipad ipados smartphone smartphones app apps rom roms dialer
  xiaomi redmi samsung galaxy pixel oneplus motorola lineageos grapheneos ubports pinephone
  facetime whatsapp telegram skype viber discord webrtc browser
  laptop macbook headset headphones earbuds airpods microphone mic webcam
  linphone sipdroid zoiper groundwire bria dialpad addon addons plugin plugins speakerphone`;

/**
 * The fields of an app's or a phone's bug report ("Device: Volla phone, Build: OTA-15", "OS: Windows
 * 10", "Android 13", "steps to reproduce"): a post filed against software. Each counts as a phone-app
 * word; a post that also names the hardware Dialtone knows is still ours.
 */
const BUG_REPORT =
  /\b(?:android|ios|build|rom|os|device|channel|version)\s*:\s*\S|\bandroid\s*\d|\bsteps to reproduce\b|\b(?:expected|actual) behaviou?r\b/gi;

/** How many bug-report fields a post has (see `BUG_REPORT`). */
export function bugReportFields(post: string): number {
  return post.match(BUG_REPORT)?.length ?? 0;
}

/** The stems of `APP_WORDS`. */
export const APP_TERMS: ReadonlySet<string> = new Set(terms(APP_WORDS));

/**
 * Words of the hardware and systems Dialtone knows: a message about a phone app that also names
 * one of these ("the softphone and the ATA on my FreePBX") is still ours.
 */
const HARDWARE_WORDS = `
  ata atas fxs fxo analog analogue landline landlines pots pstn copper pbx ippbx pabx asterisk
  freepbx 3cx freeswitch dahdi gateway gateways adapter adaptor rj11 rj14 jack jacks fax faxes
  modem modems intercom doorbell dect cordless rotary trunk trunks isdn t1 e1 handset handsets
  ${VENDOR_WORDS}`;

/** The stems of `HARDWARE_WORDS`. */
export const HARDWARE_TERMS: ReadonlySet<string> = new Set(terms(HARDWARE_WORDS));
