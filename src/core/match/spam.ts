/**
 * Recognises spam and promotion that borrows telephony words ("call 1-8XX… now for help",
 * "market research report", gift links). Such messages must never get a confident answer,
 * however well their words match the knowledge.
 */
const SPAM_PATTERNS: readonly RegExp[] = [
  // A telephony community pastes phone numbers and SIP/SDP text as content: a number alone is not
  // spam, only a number with a sales pitch.
  /\b1?[-. (]*8[0-9x]{2}[-. )]*[0-9x]{3}[-. ]*[0-9x]{4}\b.*\b(call|help|support|now|24\/7)\b/i,
  /\bcall (us )?now\b|\bfast help\b|\bhelp ?line\b|\bcustomer (care|support) number\b/i,
  /\{\{\{|\}\}\}/, // SEO-template spam
  /\bmarket (research|size|share|report)\b|\bforecast(ed)?\b.*\b(period|cagr)\b|\bcagr\b/i,
  /\bfree (discord )?nitro\b|discord-?gift|\bclaim (it )?(here|now)\b|\bairdrop\b/i,
  /\b[a-z0-9-]+\[\.\][a-z]{2,}\b/i, // obfuscated links: example[.]xyz
  /\b(crypto ?currency|forex|casino|onlyfans|betting)\b/i,
  /\bbuy (google voice|gmail|whatsapp|verified) accounts?\b/i,
];

/** True when the message reads as spam or advertising rather than a question. */
export function looksLikeSpam(message: string): boolean {
  return SPAM_PATTERNS.some((re) => re.test(message));
}
