/**
 * The knowledge-base schema: one definition that the loader, the validator, the JSON Schema
 * for editors and the TypeScript types all come from.
 */
import { z } from 'zod';

/** Lowercase kebab-case id: the file name without its extension. */
export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const idSchema = z.string().regex(ID_PATTERN, 'must be lowercase kebab-case (a-z, 0-9, -)');

/** Discord shows at most this much in a chat answer before it stops reading like one. */
export const SUMMARY_MAX = 350;
/** One embed description holds 4096 characters (Discord limit). */
export const BODY_MAX = 4096;
/** Embed title limit (Discord). */
export const TITLE_MAX = 256;
/** Embed field value limit (Discord), used for the caution field. */
export const CAUTION_MAX = 1024;

const url = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
/** Text written by people; YAML turns `911` or `9600` into numbers, so accept and keep them as text. */
const text = (max = 10_000) =>
  z.preprocess(
    (v) => (typeof v === 'number' ? String(v) : v),
    z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`),
  );
const phrase = text();
const isoDate = z.iso.date({ error: 'must be a date like 2026-11-26' });

/** Front matter of `knowledge/topics/<category>/<id>.md`. */
export const topicFrontMatterSchema = z.strictObject({
  title: text(TITLE_MAX),
  aliases: z.array(phrase).default([]),
  keywords: z.array(phrase).default([]),
  questions: z.array(phrase).min(1, 'needs at least one example question'),
  /**
   * Questions paraphrased (never pasted) from real public posts, each with the post it comes
   * from: the demand evidence for the topic. The matcher learns from them like `questions`.
   */
  asked: z.array(z.strictObject({ q: phrase, from: url })).default([]),
  summary: text(SUMMARY_MAX),
  diagram: idSchema.optional(),
  related: z.array(idSchema).default([]),
  devices: z.array(idSchema).default([]),
  sources: z.array(url).min(1, 'needs at least one source URL'),
  reviewed: isoDate,
  caution: text(CAUTION_MAX).optional(),
});
export type TopicFrontMatter = z.infer<typeof topicFrontMatterSchema>;

export const DEVICE_KINDS = ['ata', 'gateway', 'card', 'pbx', 'router'] as const;
export const DEVICE_STATUSES = ['current', 'unconfirmed', 'end-of-sale', 'end-of-life', 'discontinued'] as const;

/** `knowledge/devices/<id>.yaml`. A port count left out means "not confirmed by a source". */
export const deviceSchema = z.strictObject({
  vendor: phrase,
  model: phrase,
  aliases: z.array(phrase).default([]),
  kind: z.enum(DEVICE_KINDS),
  fxs: z.int().min(0).max(1000).optional(),
  fxo: z.int().min(0).max(1000).optional(),
  lifeline: z.boolean().optional(),
  t38: z.boolean().optional(),
  /**
   * Lifecycle: `current` (sold), `unconfirmed` (no source says whether it is still sold),
   * `end-of-sale` (no longer sold, still supported), `end-of-life` (no sales, no fixes),
   * `discontinued` (no longer sold; support unknown).
   */
  status: z.enum(DEVICE_STATUSES),
  /** Year of the end of sale or end of life, where a source gives it. */
  status_year: z.int().min(1980).max(2100).optional(),
  /** Device id of the model the vendor points buyers to. */
  successor: idSchema.optional(),
  /** Ethernet ports (WAN + LAN) on the unit. */
  ethernet: z.int().min(0).max(64).optional(),
  /** Routes/NATs between a WAN and a LAN port (can sit between modem and computers). */
  router: z.boolean().optional(),
  /** How it is powered, as the vendor states it (e.g. "12 V DC adapter; PoE 802.3af"). */
  power: text(200).optional(),
  /** Order variants of one family with different port splits (e.g. MP-114 FXS / FXO / mixed). */
  variants: z
    .array(
      z.strictObject({
        model: phrase,
        fxs: z.int().min(0).max(1000),
        fxo: z.int().min(0).max(1000),
      }),
    )
    .default([]),
  notes: text(1000).optional(),
  sources: z.array(url).min(1, 'needs at least one source URL'),
});
export type DeviceData = z.infer<typeof deviceSchema>;

/** `knowledge/synonyms.yaml`: what users say → the words the knowledge uses. */
export const synonymsSchema = z.record(phrase, z.array(phrase).min(1));
export type Synonyms = z.infer<typeof synonymsSchema>;

/** A loaded topic: front matter plus where it came from. */
export interface Topic extends TopicFrontMatter {
  id: string;
  category: string;
  /** Long explanation (Markdown), may be empty. */
  body: string;
  /** File it was loaded from (for error messages and the overlay). */
  file: string;
}

/** A loaded device. */
export interface Device extends DeviceData {
  id: string;
  file: string;
}

/** A diagram source. */
export interface DiagramSource {
  id: string;
  dot: string;
  file: string;
}

/** The whole loaded knowledge base. Immutable once built. */
export interface KnowledgeBase {
  topics: ReadonlyMap<string, Topic>;
  devices: ReadonlyMap<string, Device>;
  diagrams: ReadonlyMap<string, DiagramSource>;
  synonyms: Synonyms;
  /** Ids hidden by an overlay's removal list. */
  hidden: ReadonlySet<string>;
  /**
   * Trained matcher models shipped with the knowledge (`trained-model.json`, written by
   * `dialtone kb train`), each under the key of the knowledge it was trained on. The matcher uses
   * one whose key matches and trains anew otherwise.
   */
  trained?: readonly TrainedModel[];
}

/** A trained matcher model as stored next to the knowledge. */
export interface TrainedModel {
  key: string;
  report: unknown;
}

/** The file a knowledge folder keeps its trained matcher model in. */
export const TRAINED_MODEL_FILE = 'trained-model.json';

/** JSON Schemas generated from the zod definitions, for editors (see `schema/`). */
export function jsonSchemas(): Record<string, unknown> {
  return {
    'topic.schema.json': z.toJSONSchema(topicFrontMatterSchema, { io: 'input' }),
    'device.schema.json': z.toJSONSchema(deviceSchema, { io: 'input' }),
    'synonyms.schema.json': z.toJSONSchema(synonymsSchema, { io: 'input' }),
  };
}
