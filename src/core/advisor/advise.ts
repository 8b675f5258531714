/**
 * `advise(from, to, count)`: how to connect two telephony endpoints, from first principles —
 * the path hop by hop, what to buy, real example devices, warnings and a diagram.
 */
import type { Device } from '../knowledge/schema.js';
import type { DeviceRef } from './catalogue.js';
import { planDot } from './dot.js';
import type { Equipment, EquipmentClass } from './equipment.js';
import { planPath, type PathLink, type PathNode, type Plan, type Verdict } from './path.js';
import type { Endpoint, PortModel } from './schema.js';

/** Largest count the advisor sizes for (a few large gateways). */
export const MAX_COUNT = 1000;

/** One warning that applies to the path. */
export interface AdviceWarning {
  id: string;
  text: string;
}

/** Everything the advisor says about one pair; adapters only render this. */
export interface Advice {
  from: { id: string; label: string; count: number };
  to: { id: string; label: string; count: number };
  verdict: Verdict;
  /** The answer in a few sentences, standing on its own. */
  summary: string;
  /** "Analog phone → RJ11 → FXS port of ATA … → Ethernet → Router / LAN switch → Asterisk/FreePBX". */
  pathText: string;
  nodes: PathNode[];
  links: PathLink[];
  /** The main class of box to buy, or null when the endpoints connect directly or not at all. */
  deviceClass: EquipmentClass | null;
  equipment: Equipment[];
  /** Total ports needed by type, over all equipment. */
  ports: { fxs: number; fxo: number };
  /** For odd or impossible pairs: what to do instead. */
  fix?: string;
  warnings: AdviceWarning[];
  /** Graphviz DOT for this exact path (house style: roles only). */
  dot: string;
  /** A stable diagram id for caches and file names. */
  diagramId: string;
}

/** An endpoint id or alias that the port model does not know. */
export class UnknownEndpointError extends Error {
  readonly code = 'UNKNOWN_ENDPOINT';
  constructor(readonly input: string) {
    super(`unknown endpoint '${input}'`);
    this.name = 'UnknownEndpointError';
  }
}

/** Finds an endpoint by id, label or alias (case-insensitive). */
export function resolveEndpoint(model: PortModel, input: string): Endpoint | undefined {
  const key = input.trim().toLowerCase();
  return (
    model.byId.get(key) ??
    model.endpoints.find(
      (e) => e.label.toLowerCase() === key || e.aliases.some((a) => a.toLowerCase() === key),
    )
  );
}

const ANALOG = new Set<Endpoint['presents']>(['station', 'line']);

/** The count applies to the analog (or countable) side; the other side is one. */
function splitCount(a: Endpoint, b: Endpoint, count: number): [number, number] {
  if (count <= 1) return [1, 1];
  if (ANALOG.has(a.presents) || (a.countable && !ANALOG.has(b.presents))) return [count, 1];
  if (ANALOG.has(b.presents) || b.countable) return [1, count];
  return [count, 1];
}

const WHAT: Record<Endpoint['presents'], string> = {
  station: 'a station (FXO-like: it draws battery, dial tone and ringing from the line)',
  line: 'a line source (FXS-like: it supplies battery, dial tone and ringing)',
  ip: 'a SIP endpoint on the IP network',
  gsm: 'the mobile network, reached through a SIM card in a GSM gateway',
  proprietary: 'not an analog line',
};

const article = (s: string): string =>
  /^[aeiou]/i.test(s) || /^(FXS|FXO|SIP|IP|ATA)\b/.test(s) ? `an ${s}` : `a ${s}`;

function verdictText(v: Verdict, plan: { equipment: Equipment[] }): string {
  const boxes = plan.equipment.map((e) => (e.units > 1 ? e.label : article(e.label))).join(', then ');
  switch (v) {
    case 'direct':
      return 'FXS meets FXO: connect them directly with a phone (RJ11) cable; no adapter is needed.';
    case 'gateway':
      return `Put ${boxes} between them.`;
    case 'lan':
      return `Both speak SIP, so they meet over the LAN${boxes ? `, with ${boxes}` : ''}; no FXS or FXO port is involved.`;
    case 'battery-source':
      return `Two FXO-like devices cannot call each other on a bare wire: nothing supplies battery, dial tone or ringing. Put ${boxes} between them.`;
    case 'never':
      return `Never connect two line sources (FXS to FXS). Give each line an FXO port on ${boxes}.`;
    case 'not-analog':
      return '';
  }
}

function scaleNote(eq: Equipment | undefined, n: number): string {
  if (!eq || eq.class !== 'fxs-gateway' || n <= 8 || eq.size <= 2) return ''; // 2-port units are ATAs anyway
  const boxes = eq.units > 1 ? `${eq.units} gateways of ${eq.size} ports` : `one ${eq.size}-port gateway`;
  return ` For ${n} analog ports that is ${boxes}, not ${Math.ceil(n / 2)} two-port ATAs: fewer devices to configure, power and back up.`;
}

function summaryOf(a: Endpoint, b: Endpoint, v: Verdict, eq: Equipment[], n: number): string {
  if (v === 'not-analog') {
    const p = a.presents === 'proprietary' ? a : b;
    return `${p.label} is not an analog line. ${p.note ?? ''}`.trim();
  }
  const what =
    a.id === b.id
      ? `Both are ${WHAT[a.presents]}.`
      : `${a.label} is ${WHAT[a.presents]}; ${b.label} is ${WHAT[b.presents]}.`;
  const notes = [a, b].flatMap((e, i) => (e.note && (i === 0 || a.id !== b.id) ? [e.note] : []));
  return [what, verdictText(v, { equipment: eq }) + scaleNote(eq[0], n), ...notes].join(' ');
}

function fixOf(a: Endpoint, b: Endpoint, v: Verdict, eq: Equipment[]): string | undefined {
  if (v === 'not-analog') return (a.presents === 'proprietary' ? a.fix : b.fix) ?? undefined;
  const alt = eq[0]?.alternatives ?? [];
  if (v === 'battery-source')
    return `Use ${article(eq[0]?.label ?? 'battery source')}. Other ways: ${alt.join('; ')}.`;
  if (v === 'never') {
    const pbx = [a, b].find((e) => e.id === 'pbx-extension');
    return pbx
      ? 'Plug the line into a CO-line (trunk) port of the PBX instead of an extension port; that port is FXO-like.'
      : `Bring each line into its own FXO port of one PBX or gateway (${eq[0]?.label ?? 'FXO gateway'}), which routes calls between them.`;
  }
  return undefined;
}

function warningsOf(
  model: PortModel,
  a: Endpoint,
  b: Endpoint,
  plan: Plan,
  stations: number,
): AdviceWarning[] {
  const v = plan.verdict;
  const crossesIp = plan.links.some((l) => l.role === 'lan' || l.role === 'internet');
  const ids = [a, b].flatMap((e) =>
    e.warnings.filter((w) => w.when === 'always' || crossesIp).map((w) => w.id),
  );
  if (v === 'direct' && stations > 1) ids.push('ren');
  if (v === 'never') ids.push('fxs-fxs');
  return [...new Set(ids)].flatMap((id) => {
    const text = model.warnings.get(id);
    return text ? [{ id, text }] : [];
  });
}

function pathTextOf(nodes: readonly PathNode[], links: readonly PathLink[]): string {
  return nodes.map((n, i) => (i < links.length ? `${n.text} → ${links[i]?.text} → ` : n.text)).join('');
}

/**
 * How to connect `from` to `to` (ids or aliases from the port model), `count` of the analog side.
 * @throws {UnknownEndpointError} for an endpoint the port model does not know.
 * @throws {RangeError} for a count outside 1..{@link MAX_COUNT}.
 */
export function advise(
  model: PortModel,
  devices: ReadonlyMap<string, Device>,
  from: string,
  to: string,
  count = 1,
): Advice {
  const a = resolveEndpoint(model, from);
  if (!a) throw new UnknownEndpointError(from);
  const b = resolveEndpoint(model, to);
  if (!b) throw new UnknownEndpointError(to);
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT)
    throw new RangeError(`count must be an integer in 1..${MAX_COUNT}`);
  const [na, nb] = splitCount(a, b, count);
  const plan = planPath(a, na, b, nb, devices);
  const ports = plan.equipment.reduce((p, e) => ({ fxs: p.fxs + e.ports.fxs, fxo: p.fxo + e.ports.fxo }), {
    fxs: 0,
    fxo: 0,
  });
  const stationCount = a.presents === 'station' ? na : b.presents === 'station' ? nb : 1;
  const diagramId = `advise-${a.id}-${b.id}-${count}`;
  const fix = fixOf(a, b, plan.verdict, plan.equipment);
  return {
    from: { id: a.id, label: a.label, count: na },
    to: { id: b.id, label: b.label, count: nb },
    verdict: plan.verdict,
    summary: summaryOf(a, b, plan.verdict, plan.equipment, Math.max(na, nb)),
    pathText: pathTextOf(plan.nodes, plan.links),
    nodes: plan.nodes,
    links: plan.links,
    deviceClass: plan.equipment[0]?.class ?? null,
    equipment: plan.equipment,
    ports,
    ...(fix ? { fix } : {}),
    warnings: warningsOf(model, a, b, plan, stationCount),
    dot: planDot(plan, diagramId),
    diagramId,
  };
}

/** One line per example device: "Grandstream HT802 (current)", retired ones with their successor. */
export function describeExample(d: DeviceRef): string {
  const variant = d.variant ? ` (${d.variant})` : '';
  const extra = d.exact ? '' : `, ${d.fxs ?? '?'} FXS + ${d.fxo ?? '?'} FXO`;
  if (d.status === 'current') return `${d.title}${variant}${extra ? ` (${extra.slice(2)})` : ''}`;
  const next = d.successor ? `; successor: ${d.successor.title}` : '';
  return `${d.title}${variant} (${d.status}${next}${extra})`;
}
