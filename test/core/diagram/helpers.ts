import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DiagramSource } from '../../../src/core/knowledge/schema.js';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/diagrams/', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A DiagramSource for a fixture file. */
export function fixture(name: string): DiagramSource {
  const file = `test/fixtures/diagrams/${name}.dot`;
  return { id: name, file, dot: readFileSync(`${FIXTURES}${name}.dot`, 'utf8') };
}

export const source = (id: string, dot: string): DiagramSource => ({
  id,
  file: `knowledge/diagrams/${id}.dot`,
  dot,
});

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** README example diagram. */
export const README_DOT = `digraph phone_ata_router {
  phone [role=phone label="Analog phone"];
  ata   [role=ata   label="ATA"];
  router [role=router label="Router"];
  phone -> ata [role=fxs label="RJ11 into FXS (Phone)"];
  ata -> router [role=lan label="Ethernet"];
}
`;
