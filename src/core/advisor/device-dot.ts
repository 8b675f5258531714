/**
 * A "what plugs where" diagram of two devices (for comparisons): phones on the FXS ports,
 * landlines on the FXO ports, the LAN on Ethernet, the lifeline relay where there is one.
 * The phones, landlines and LAN are shared nodes so the picture stays narrow enough for a phone.
 */
import type { NodeRole } from '../diagram/index.js';
import type { Device } from '../knowledge/schema.js';

const ROLE: Record<Device['kind'], NodeRole> = {
  ata: 'ata',
  gateway: 'gateway',
  card: 'card',
  pbx: 'pbx',
  router: 'router',
};
const str = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
const ports = (n: number | undefined, what: string): string =>
  n === undefined ? `${what} ?` : `${n} × ${what}`;

/** DOT for the devices side by side, in the house style (roles only). */
export function devicesDot(devices: readonly Device[]): string {
  const anyFxs = devices.some((d) => d.fxs !== 0);
  const anyFxo = devices.some((d) => d.fxo !== 0);
  const lines = ['digraph compare_devices {'];
  if (anyFxs) lines.push('  phone [role=phone label="Phones, faxes"];');
  if (anyFxo) lines.push('  line [role=pstn label="Landlines"];');
  lines.push('  lan [role=router label="LAN"];');
  devices.forEach((d, i) => {
    const p = `d${i}`;
    lines.push(`  ${p} [role=${ROLE[d.kind]} label=${str(d.model)}];`);
    if (d.fxs !== 0) lines.push(`  phone -> ${p} [role=fxs label=${str(ports(d.fxs, 'FXS'))}];`);
    if (d.fxo !== 0) lines.push(`  line -> ${p} [role=fxo label=${str(ports(d.fxo, 'FXO'))}];`);
    lines.push(`  ${p} -> lan [role=lan];`);
  });
  const relay = devices.filter((d) => d.lifeline === true && d.fxs !== 0 && d.fxo !== 0).map((d) => d.model);
  if (relay.length) {
    lines.push(
      `  phone -> line [role=relay label=${str(`lifeline (${relay.join(', ')})`)} constraint=false];`,
    );
  }
  lines.push('}', '');
  return lines.join('\n');
}
