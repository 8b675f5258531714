/**
 * Questions that name a device: whether the device's card or a topic answers them. "Is the HT802
 * good for fax" asks the fax topic's question; "is the OBi110 end of life" asks what only the
 * card tells; "does the OBi200 support fax" must not take a topic that only the model's name put
 * first. Each rule reads the question with the device's name taken out (`RestReader`).
 */
import { GENERIC_TERMS } from './generic.js';
import type { Candidate } from './candidate.js';
import { normalise, terms } from './text.js';

/** The matcher's entries as these rules read them: kind and id by index, index by id (-1 if none). */
export interface NamedEntries {
  kindOf(index: number): 'topic' | 'device' | undefined;
  idOf(index: number): string | undefined;
  indexOf(id: string | undefined): number;
}

/**
 * The question without entry `index`'s name: its terms, and its ranking (computed on the first
 * call, and once per match however many rules ask).
 */
export type RestReader = (index: number) => { terms: ReadonlyMap<string, number>; ranked: () => Candidate[] };

/**
 * What a device card answers: with only these words left besides the model ("spa8800 ports? fxs
 * and fxo both?", "is the spa3102 still sold"), a question naming a device is about the device.
 */
export const DEVICE_FACT_TERMS: ReadonlySet<string> = new Set(
  terms(`port ports fxs fxo line lines phone phones many much specs spec specification status sold
    discontinued eol end life replace replaced replacement successor lifeline relay router ethernet
    power supply poe model variant version have has both just only landline analog connect attach
    plug hook support supports take takes handle handles work works still pstn outside wall jack
    grandstream cisco linksys
    obihai poly audiocodes patton sangoma digium yealink fanvil alternative alternatives`),
);

/** Of `DEVICE_FACT_TERMS`, the facts a device card tells and no topic does: status, specs, counts. */
const DEVICE_CARD_TERMS: ReadonlySet<string> = new Set(
  terms(`many much specs spec specification status sold discontinued eol end life replace replaced
    replacement successor alternative alternatives lifeline relay poe variant version`),
);

/**
 * How sure the match of a device question *without the device's name* must be for a topic to
 * lead it (and take the confidence the name gave). Not much above the suggest threshold: the rest
 * only has to ask something a topic answers ("any good for fax" is a near tie of the fax topics at
 * about 0.33, yet clearly about fax). At 0.15 a rest that a topic matched only by chance took the
 * device's place and its sureness: a GoIP owner asking how to receive SMS was answered the
 * ATA-to-ATA topic at 0.87 from a 0.19 match, and a typo'd spec question ("does the obi110 have
 * a lie port") lost its device. Measured 0.2 / 0.25 / 0.3 on every labelled set: 0.25 and 0.3
 * gave the same answers (0.25 kept one more typo variant), 0.2 kept the GoIP post wrong.
 */
const TOPIC_AFTER_NAME_AT = 0.25;

/**
 * Reorders `ranked` (best first, in place) for a question that names devices (`named`: entry
 * indexes): the card for a facts question, the asked topic for a topic question.
 */
export function preferByName(
  entries: NamedEntries,
  question: string,
  rest: RestReader,
  named: readonly number[],
  ranked: Candidate[],
): void {
  if (!named.length || !ranked.length) return;
  const devices = [...new Set(named)].filter((i) => entries.kindOf(i) === 'device');
  if (devices.length === 1 && !EXPLAINS.test(normalise(question)))
    preferDeviceForFacts(entries, rest, devices[0] as number, ranked);
  preferTopicOverNamedDevice(entries, rest, named, ranked);
  if (devices.length === 1) preferAskedTopicOverNameDriven(entries, rest, devices[0] as number, ranked);
}

/**
 * A question that asks how something works or what it is for ("what does the lifeline port do on
 * the SPA3102", "why", "how does … work"): a topic explains, the card only lists.
 */
const EXPLAINS =
  /\bwhy\b|\bexplain|\bwhat (?:does|do|is)\b.*\b(?:do|does|for|mean|means)\b|\bhow (?:does|do)\b.*\bwork/;

/** True when the terms ask more than device facts ("good for fax", not "ports?"). */
function asksMoreThanFacts(asked: ReadonlyMap<string, number>): boolean {
  return [...asked.keys()].some((t) => !DEVICE_FACT_TERMS.has(t) && !GENERIC_TERMS.has(t));
}

/**
 * "Is the OBi110 end of life", "does the HT813 have a lifeline port": a question that names one
 * device and asks nothing but its facts (`DEVICE_FACT_TERMS`), one of them what only its card
 * tells (`DEVICE_CARD_TERMS`), is the card, even when a topic that mentions the model ranks
 * first; the card takes the first place's confidence. "Landline into my HT813, phone port or
 * line port?" asks where to plug, and "what does the lifeline port do on the SPA3102" how it
 * works (`EXPLAINS`): not the card.
 */
function preferDeviceForFacts(
  entries: NamedEntries,
  rest: RestReader,
  device: number,
  ranked: Candidate[],
): void {
  const id = entries.idOf(device);
  const at = ranked.findIndex((c) => c.id === id);
  if (at <= 0) return;
  const asked = rest(device).terms;
  if (![...asked.keys()].some((t) => DEVICE_CARD_TERMS.has(t)) || asksMoreThanFacts(asked)) return;
  const [card] = ranked.splice(at, 1);
  if (card) ranked.unshift({ ...card, confidence: ranked[0]?.confidence ?? card.confidence });
}

/**
 * "Is the HT802 good for fax" names a device but asks a topic's question: when the best
 * candidate is a device the question names, the question is matched again without the name;
 * if the rest is more than device facts and a topic stands out for it, that topic leads (the
 * answer adds the device's facts) and the device follows. A bare name or a spec question ("how
 * many ports does the HT814 have") leaves nothing a topic answers, so the device card stays first.
 */
function preferTopicOverNamedDevice(
  entries: NamedEntries,
  rest: RestReader,
  named: readonly number[],
  ranked: Candidate[],
): void {
  const top = ranked[0];
  const index = entries.indexOf(top?.id);
  if (!top || entries.kindOf(index) !== 'device' || !named.includes(index)) return;
  const { terms: asked, ranked: rankRest } = rest(index);
  if (!asksMoreThanFacts(asked)) return;
  const topic = rankRest()[0];
  if (
    !topic ||
    topic.confidence < TOPIC_AFTER_NAME_AT ||
    entries.kindOf(entries.indexOf(topic.id)) !== 'topic'
  )
    return;
  // The name made the match sure and the answer carries the device's facts: the topic takes
  // the device's confidence.
  const others = ranked.filter((c) => c.id !== topic.id && c.id !== top.id);
  ranked.splice(
    0,
    ranked.length,
    { ...topic, confidence: top.confidence },
    { ...top, confidence: topic.confidence },
    ...others,
  );
}

/**
 * "Does the OBi200 support fax": the model's name alone puts a topic about that model first (the
 * Google Voice topic); without the name, the question asks the fax topic's question. When a
 * question names one device, a topic first that drops out of the first three once the name is
 * taken out gives way to the topic the rest asks for, the device following.
 */
function preferAskedTopicOverNameDriven(
  entries: NamedEntries,
  rest: RestReader,
  device: number,
  ranked: Candidate[],
): void {
  const top = ranked[0];
  if (!top || entries.kindOf(entries.indexOf(top.id)) !== 'topic') return;
  const { terms: asked, ranked: rankRest } = rest(device);
  if (!asksMoreThanFacts(asked)) return;
  const again = rankRest();
  const topic = again[0];
  if (
    !topic ||
    topic.id === top.id ||
    topic.confidence < TOPIC_AFTER_NAME_AT ||
    entries.kindOf(entries.indexOf(topic.id)) !== 'topic' ||
    again.slice(0, 3).some((c) => c.id === top.id)
  )
    return;
  const id = entries.idOf(device);
  const card = ranked.find((c) => c.id === id);
  const others = ranked.filter((c) => c.id !== topic.id && c.id !== id);
  ranked.splice(
    0,
    ranked.length,
    { ...topic, confidence: top.confidence },
    ...(card ? [{ ...card, confidence: Math.min(card.confidence, topic.confidence) }] : []),
    ...others,
  );
}
