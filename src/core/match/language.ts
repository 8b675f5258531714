/**
 * Tells an English message from one in another language, so Dialtone answers foreign posts only
 * when the match is sure (model numbers and terms are international) and otherwise says, in one
 * line, that it answers in English — never a wrong guess from a few shared words.
 */
import { NON_ASCII } from './text.js';

const WORDS: Record<string, ReadonlySet<string>> = {
  en: new Set(
    'the and is are to of in my it for on with have has can how what which does do not i this that be from my your an when there'.split(
      ' ',
    ),
  ),
  de: new Set(
    'und der die das ich nicht ist mit ein eine einen auf für wie kann habe mein meine meinen den dem zu es sich auch noch bei oder wenn über wird werden sind hat haben man nur aber schon mir mich dass ob kein keine welche welcher anschluss geht'.split(
      ' ',
    ),
  ),
  es: new Set(
    'el la los las que y en un una por con para mi mis es como pero tengo puedo del al se lo le su sus esta este hay muy sin sobre cual cuál también porque necesito quiero teléfono telefono línea linea'.split(
      ' ',
    ),
  ),
  fr: new Set(
    'le la les des et est je un une pour pas avec mon ma mes que qui dans sur ce cette il elle nous vous sont ont peut comment quel quelle aussi mais très ligne téléphone'.split(
      ' ',
    ),
  ),
  pt: new Set(
    'o os as que e em um uma por com para meu minha não nao como mas tenho posso do da dos das ao linha telefone'.split(
      ' ',
    ),
  ),
  it: new Set(
    'il lo gli che e di un una per con mio mia non come ma ho posso del della sono linea telefono'.split(' '),
  ),
};

const LANGS = Object.keys(WORDS);
/** Each function word → the languages (indexes into LANGS) it belongs to. */
const LANGS_OF = new Map<string, number[]>();
LANGS.forEach((lang, k) => {
  for (const w of WORDS[lang] ?? []) LANGS_OF.set(w, [...(LANGS_OF.get(w) ?? []), k]);
});
const EN = LANGS.indexOf('en');

/** ISO 639-1 code of the message's language as far as it can tell; `en` when unsure. */
export function detectLanguage(text: string): string {
  // Plain ASCII text: its letters are all Latin (the script check below cannot fail).
  if (NON_ASCII.test(text)) {
    const letters = text.match(/\p{L}/gu) ?? [];
    if (letters.length === 0) return 'en';
    const latin = letters.filter((c) => /[A-Za-zÀ-ÿ]/.test(c)).length;
    if (latin / letters.length < 0.5) {
      if (/[\u0400-\u04ff]/.test(text)) return 'ru';
      if (/[\u4e00-\u9fff]/.test(text)) return 'zh';
      if (/[\u0600-\u06ff]/.test(text)) return 'ar';
      return 'other';
    }
  } else if (!/[A-Za-z]/.test(text)) return 'en';
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  const counts = LANGS.map(() => 0);
  for (const w of words) for (const k of LANGS_OF.get(w) ?? []) counts[k] = (counts[k] ?? 0) + 1;
  const en = counts[EN] ?? 0;
  let best = 'en';
  let bestCount = en;
  LANGS.forEach((lang, k) => {
    const c = counts[k] ?? 0;
    if (lang !== 'en' && c > bestCount) {
      best = lang;
      bestCount = c;
    }
  });
  // Foreign function words must clearly outnumber English ones ("die", "la" and "de" occur in English posts).
  return best !== 'en' && bestCount >= 2 && bestCount >= 2 * en ? best : 'en';
}
