/** Words that open a question in chat, with or without a question mark. */
const OPENERS =
  /^(what|whats|what's|how|hows|which|where|why|who|when|can|could|do|does|did|is|are|was|should|would|will|any|anyone|anybody|has|have|need|help|is there|where's)\b/i;

/**
 * True when a chat message reads as a question (for unprompted answers in answer channels):
 * it asks something ("?" or an interrogative opening) and has at least three words.
 */
export function looksLikeQuestion(message: string): boolean {
  const text = message
    .replace(/<@[!&]?\d+>/g, ' ')
    .replace(/```[\s\S]*?```/g, ' ') // quoted code or logs are not the question
    .trim();
  if (text.split(/\s+/).filter(Boolean).length < 3) return false;
  if (/\?\s*$/.test(text) || /\?\s/.test(text)) return true;
  return text.split(/(?<=[.!\n])\s+/).some((sentence) => OPENERS.test(sentence.trim()));
}
