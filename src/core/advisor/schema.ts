/**
 * The advisor's port model (`knowledge/ports.yaml`): what each endpoint presents on its wire,
 * as data. Loaded and validated here; a bad field is reported as `file:line: field: message`.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { NODE_ROLES } from '../diagram/index.js';
import { formatProblem, type Problem } from '../knowledge/problems.js';
import { idSchema } from '../knowledge/schema.js';
import { parseYamlSource, validateYaml } from '../knowledge/yaml-source.js';

/** What an endpoint presents: FXO-like station, FXS-like line, SIP/IP, the mobile network, or no analog line. */
export const PRESENTS = ['station', 'line', 'ip', 'gsm', 'proprietary'] as const;
export type Presents = (typeof PRESENTS)[number];

const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

const warningRefSchema = z.strictObject({
  id: idSchema,
  /** `ip`: only when the path crosses IP; `always`: whenever the endpoint is on the path. */
  when: z.enum(['always', 'ip']).default('always'),
});

const endpointSchema = z.strictObject({
  id: idSchema,
  label: text(60),
  aliases: z.array(text(60)).min(1, 'needs at least one alias'),
  presents: z.enum(PRESENTS),
  /** Diagram node role (knowledge/README.md, "Diagrams"). */
  role: z.enum(NODE_ROLES),
  /** What goes over the line: fax needs T.38 or G.711, modem data needs G.711 passthrough. */
  carries: z.enum(['voice', 'fax', 'modem']).default('voice'),
  /** Several of them make sense ("24 analog phones"). */
  countable: z.boolean().default(false),
  /** What one counted unit is called ("line", "extension port"); default: the label. */
  unit: text(40).optional(),
  /** IP endpoints that register and route calls (an IP-PBX, a SIP provider). */
  controller: z.boolean().default(false),
  /** The endpoint is the LAN router itself. */
  network: z.boolean().default(false),
  /** Reached over the LAN (default) or over the internet. */
  over: z.enum(['lan', 'internet']).default('lan'),
  /** Takes telephony cards in its own server (Asterisk/FreeSWITCH with DAHDI). */
  cards: z.boolean().default(false),
  /** Catalogue device ids of the gateway this endpoint needs (GSM gateways). */
  examples: z.array(idSchema).default([]),
  /** Catalogue device ids that turn this endpoint into an FXS port (GSM terminals). */
  fxs_examples: z.array(idSchema).default([]),
  note: text(400).optional(),
  /** For endpoints that are no analog line: what to do instead. */
  fix: text(400).optional(),
  warnings: z.array(warningRefSchema).default([]),
});

/** The whole file; ids and aliases are unique, warning references exist. */
export const portModelSchema = z
  .strictObject({
    warnings: z.array(z.strictObject({ id: idSchema, text: text(400) })).min(1),
    endpoints: z.array(endpointSchema).min(2),
  })
  .superRefine((model, ctx) => {
    const warningIds = new Set(model.warnings.map((w) => w.id));
    const seenIds = new Set<string>();
    const seenAliases = new Map<string, string>();
    model.endpoints.forEach((e, i) => {
      if (seenIds.has(e.id))
        ctx.addIssue({
          code: 'custom',
          path: ['endpoints', i, 'id'],
          message: `duplicate endpoint id '${e.id}'`,
        });
      seenIds.add(e.id);
      e.aliases.forEach((a, j) => {
        const key = a.toLowerCase();
        const owner = seenAliases.get(key);
        if (owner && owner !== e.id)
          ctx.addIssue({
            code: 'custom',
            path: ['endpoints', i, 'aliases', j],
            message: `alias '${a}' is already used by '${owner}'`,
          });
        seenAliases.set(key, e.id);
      });
      e.warnings.forEach((w, j) => {
        if (!warningIds.has(w.id))
          ctx.addIssue({
            code: 'custom',
            path: ['endpoints', i, 'warnings', j, 'id'],
            message: `unknown warning '${w.id}'`,
          });
      });
    });
  });

export type PortModelData = z.infer<typeof portModelSchema>;
/** One endpoint of the port model. */
export type Endpoint = PortModelData['endpoints'][number];

/** The validated port model with lookups. */
export interface PortModel {
  endpoints: readonly Endpoint[];
  byId: ReadonlyMap<string, Endpoint>;
  warnings: ReadonlyMap<string, string>;
}

/** The port model file is missing or invalid; `problems` point at file, line and field. */
export class PortModelError extends Error {
  readonly code = 'PORT_MODEL_INVALID';
  constructor(readonly problems: readonly Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'PortModelError';
  }
}

/** Parses and validates the text of a port model file; throws {@link PortModelError} on any error. */
export function parsePortModel(yamlText: string, file: string): PortModel {
  const src = parseYamlSource(yamlText, file);
  const errors = src.problems.filter((p) => p.severity === 'error');
  if (errors.length) throw new PortModelError(errors);
  const { data, problems } = validateYaml(src, portModelSchema, file);
  if (!data) throw new PortModelError(problems);
  return portModelOf(data);
}

/** The port model with its lookups, from data already validated (by {@link parsePortModel}). */
export function portModelOf(data: PortModelData): PortModel {
  return {
    endpoints: data.endpoints,
    byId: new Map(data.endpoints.map((e) => [e.id, e])),
    warnings: new Map(data.warnings.map((w) => [w.id, w.text])),
  };
}

/** The validated data of a port model (what {@link portModelOf} takes back). */
export function portModelData(model: PortModel): PortModelData {
  return {
    endpoints: [...model.endpoints],
    warnings: [...model.warnings].map(([id, text]) => ({ id, text })),
  };
}

/** The shipped `knowledge/ports.yaml` (next to `src/` and `dist/` in the package). */
export const SHIPPED_PORT_MODEL = fileURLToPath(new URL('../../../knowledge/ports.yaml', import.meta.url));

/** Reads and validates a port model file (default: the shipped one). */
export async function loadPortModel(file: string = SHIPPED_PORT_MODEL): Promise<PortModel> {
  return parsePortModel(await readFile(file, 'utf8'), file);
}

let shipped: PortModel | null | undefined;
/**
 * The shipped port model, read once per process (synchronously: the engine is built in one go).
 * Undefined when the file is missing or invalid; `dialtone wire` and the tests report why.
 */
export function shippedPortModel(): PortModel | undefined {
  // (A process can hand it in first, from a cache: see rememberShippedPortModel.)
  if (shipped === undefined) {
    try {
      shipped = parsePortModel(readFileSync(SHIPPED_PORT_MODEL, 'utf8'), SHIPPED_PORT_MODEL);
    } catch {
      shipped = null;
    }
  }
  return shipped ?? undefined;
}

/**
 * Hands in the shipped port model read elsewhere (src/bin keeps it as JSON beside the knowledge
 * snapshot: the YAML parse and validation cost ~80 ms of a cold start).
 */
export function rememberShippedPortModel(model: PortModel): void {
  shipped = model;
}
