/**
 * The rules: FXS meets FXO, IP endpoints meet over the LAN, never FXS to FXS, two FXO-like
 * devices need a battery source between them. Turns two endpoints into a hop-by-hop path.
 */
import type { Device } from '../knowledge/schema.js';
import type { EdgeRole, NodeRole } from '../diagram/index.js';
import {
  IP_PBX,
  batterySource,
  fxoEquipment,
  fxsEquipment,
  gsmGateway,
  gsmTerminal,
  lineBridge,
  type Equipment,
} from './equipment.js';
import type { Endpoint } from './schema.js';

/** How the two endpoints meet. */
export type Verdict = 'direct' | 'gateway' | 'lan' | 'battery-source' | 'never' | 'not-analog';

/** A box on the path. `text` is how the hop reads in words ("FXS port of an ATA"). */
export interface PathNode {
  text: string;
  /** Diagram label (may hold \n). */
  label: string;
  role: NodeRole;
}

/** A cable or network between two boxes. */
export interface PathLink {
  text: string;
  /** Diagram edge label when it says more than `text` (the port it goes into). */
  label?: string;
  role: EdgeRole;
}

/** The path, the boxes to buy and, for odd pairs, the connection that must not be made. */
export interface Plan {
  verdict: Verdict;
  nodes: PathNode[];
  /** links[i] joins nodes[i] and nodes[i + 1]. */
  links: PathLink[];
  equipment: Equipment[];
  /** The direct connection that does not work (odd pairs), drawn as a `wrong` edge. */
  wrong?: string;
}

interface Chain {
  nodes: PathNode[];
  links: PathLink[];
  equipment: Equipment[];
}

const times = (n: number, label: string): string => (n > 1 ? `${n} × ${label}` : label);
const endNode = (e: Endpoint, n: number): PathNode => ({
  text: times(n, e.label),
  label: times(n, e.label),
  role: e.role,
});
const boxNode = (eq: Equipment, role: NodeRole, port: string | undefined, first: boolean): PathNode => ({
  text: port ? (first ? `${port} port of ${eq.label}` : `${eq.label}, ${port} port`) : eq.label,
  label: eq.short,
  role,
});
const ETHERNET: PathLink = { text: 'Ethernet', role: 'lan' };

/** What a side needs to reach IP, from the endpoint outwards. `first`: this is the `from` side. */
function attach(
  e: Endpoint,
  n: number,
  devices: ReadonlyMap<string, Device>,
  other: Endpoint,
  first: boolean,
): Chain {
  const self = endNode(e, n);
  if (e.presents === 'station') {
    const eq = fxsEquipment(devices, n, { fax: e.carries === 'fax', cards: other.cards });
    const role: NodeRole = eq.class === 'ata' ? 'ata' : 'gateway';
    return {
      nodes: [self, boxNode(eq, role, 'FXS', first)],
      links: [{ text: 'RJ11', label: 'RJ11 into FXS (Phone)', role: 'fxs' }],
      equipment: [eq],
    };
  }
  if (e.presents === 'line') {
    const eq = fxoEquipment(devices, n, { cards: other.cards });
    return {
      nodes: [self, boxNode(eq, 'gateway', 'FXO', first)],
      links: [{ text: 'RJ11', label: 'RJ11 into FXO (Line)', role: 'fxo' }],
      equipment: [eq],
    };
  }
  if (e.presents === 'gsm') {
    const eq = gsmGateway(devices, e);
    return {
      nodes: [self, boxNode(eq, 'gateway', undefined, first)],
      links: [{ text: 'SIM (radio)', role: 'trunk' }],
      equipment: [eq],
    };
  }
  return { nodes: [self], links: [], equipment: [] };
}

const reversed = (c: Chain): Chain => ({
  nodes: [...c.nodes].reverse(),
  links: [...c.links].reverse(),
  equipment: c.equipment,
});

/** Joins two chains' IP ends: through the router, with an IP-PBX when neither side registers calls. */
function meetOverIp(a: Endpoint, b: Endpoint, ca: Chain, cb: Chain): Omit<Plan, 'verdict'> {
  const nodes = [...ca.nodes];
  const links = [...ca.links];
  const equipment = [...ca.equipment];
  const bNodes = reversed(cb);
  if (a.network || b.network) {
    links.push(ETHERNET);
  } else {
    const towardA: PathLink = a.over === 'internet' ? { text: 'Internet (SIP)', role: 'internet' } : ETHERNET;
    nodes.push({ text: 'Router / LAN switch', label: 'Router', role: 'router' });
    links.push(towardA);
    const needsPbx = (!a.controller && !b.controller) || (a.over === 'internet' && b.over === 'internet');
    if (needsPbx) {
      nodes.push({ text: IP_PBX.label, label: 'IP-PBX', role: 'pbx' });
      links.push({ text: 'LAN', role: 'lan' });
      equipment.push(IP_PBX);
    }
    const bEnd = bNodes.nodes[0];
    const bIsBox = cb.nodes.length > 1;
    links.push(
      b.over === 'internet'
        ? { text: 'Internet (SIP trunk)', role: 'internet' }
        : { text: bIsBox || bEnd?.role === 'phone' ? 'Ethernet' : 'LAN', role: 'lan' },
    );
  }
  nodes.push(...bNodes.nodes);
  links.push(...bNodes.links);
  equipment.push(...cb.equipment);
  return { nodes, links, equipment };
}

/** Two sides that each need a box from the same family meet at one shared box. */
function meetAtBox(
  a: Endpoint,
  na: number,
  b: Endpoint,
  nb: number,
  eq: Equipment,
  role: PathLink['role'],
): Omit<Plan, 'verdict'> {
  return {
    nodes: [
      endNode(a, na),
      { text: eq.label, label: eq.short, role: role === 'fxs' ? 'ata' : 'gateway' },
      endNode(b, nb),
    ],
    links: [
      { text: `RJ11 into ${role.toUpperCase()} port`, role },
      { text: `RJ11 into ${role.toUpperCase()} port`, role },
    ],
    equipment: [eq],
  };
}

/**
 * The path from `a` (counted `na` times) to `b` (`nb` times) by the port rules. Pure: the
 * catalogue only supplies port sizes and examples.
 */
export function planPath(
  a: Endpoint,
  na: number,
  b: Endpoint,
  nb: number,
  devices: ReadonlyMap<string, Device>,
): Plan {
  const kinds = new Set([a.presents, b.presents]);
  const has = (k: Endpoint['presents']): boolean => kinds.has(k);
  if (has('proprietary')) {
    return {
      verdict: 'not-analog',
      nodes: [endNode(a, na), endNode(b, nb)],
      links: [{ text: 'no analog line: will not work', role: 'wrong' }],
      equipment: [],
    };
  }
  if (a.presents === 'station' && b.presents === 'station') {
    const plan = meetAtBox(a, na, b, nb, batterySource(devices, na + nb), 'fxs');
    return { verdict: 'battery-source', ...plan, wrong: 'no battery: FXO to FXO' };
  }
  if (a.presents === 'line' && b.presents === 'line') {
    const plan = meetAtBox(a, na, b, nb, lineBridge(devices, na + nb), 'fxo');
    return { verdict: 'never', ...plan, wrong: 'FXS to FXS: never' };
  }
  if (has('station') && has('line')) {
    const lineFirst = a.presents === 'line';
    return {
      verdict: 'direct',
      nodes: [endNode(a, na), endNode(b, nb)],
      links: [
        { text: lineFirst ? 'RJ11 (line into the station)' : 'RJ11 (station into the line)', role: 'fxs' },
      ],
      equipment: [],
    };
  }
  if (has('station') && has('gsm')) return gsmDirect(a, na, b, nb, devices);
  const ca = attach(a, na, devices, b, true);
  const cb = attach(b, nb, devices, a, false);
  const verdict: Verdict = a.presents === 'ip' && b.presents === 'ip' ? 'lan' : 'gateway';
  return { verdict, ...meetOverIp(a, b, ca, cb) };
}

/** A station and the mobile network: a GSM terminal with an FXS port between them, no IP. */
function gsmDirect(
  a: Endpoint,
  na: number,
  b: Endpoint,
  nb: number,
  devices: ReadonlyMap<string, Device>,
): Plan {
  const mobile = a.presents === 'gsm' ? a : b;
  const stations = a.presents === 'gsm' ? nb : na;
  const eq = gsmTerminal(devices, mobile, stations);
  const box: PathNode = { text: eq.label, label: eq.short, role: 'gateway' };
  const radio: PathLink = { text: 'SIM (radio)', role: 'trunk' };
  const rj11: PathLink = { text: 'RJ11 into the FXS port', role: 'fxs' };
  return {
    verdict: 'gateway',
    nodes: [endNode(a, na), box, endNode(b, nb)],
    links: a.presents === 'gsm' ? [radio, rj11] : [rj11, radio],
    equipment: [eq],
  };
}
