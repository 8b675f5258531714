import { describe, expect, it } from 'vitest';
import { formatComparison, formatFound } from '../../../src/adapters/console/device.js';
import type { Comparison, FoundDevice } from '../../../src/core/advisor/index.js';

const found: FoundDevice[] = [
  { id: 'a-ata2', title: 'A ATA-2', status: 'current', fxs: 2, fxo: 0, exact: true, spare: 0 },
  {
    id: 'b-gw',
    title: 'B GW',
    status: 'discontinued',
    successor: { id: 'a-ata2', title: 'A ATA-2' },
    variant: 'GW/4S',
    fxs: 4,
    fxo: 0,
    exact: false,
    spare: 2,
  },
];

describe('formatFound', () => {
  it('one line per device in the given order: ✓ exact, • more ports, successor and card', () => {
    expect(formatFound({ fxs: 2, t38: true }, found)).toBe(
      [
        'Devices with 2 FXS, T.38 yes',
        '',
        '✓ A ATA-2 — 2 FXS, 0 FXO · current  (/devices/a-ata2)',
        '• B GW — 4 FXS, 0 FXO (GW/4S) · discontinued; successor: A ATA-2  (/devices/b-gw)',
        '',
        '✓ exactly these ports · • more ports than asked',
      ].join('\n'),
    );
  });

  it('says when nothing matches', () => {
    expect(formatFound({}, [])).toBe('No device in the catalogue has any.');
    expect(formatFound({ fxo: 9, lifeline: false, status: 'current' }, [])).toBe(
      'No device in the catalogue has 9 FXO, lifeline no, current.',
    );
  });
});

describe('formatComparison', () => {
  it('aligns both columns, marks the differing rows and names both cards', () => {
    const c: Comparison = {
      a: { id: 'a-ata2', title: 'A ATA-2' },
      b: { id: 'b-gw', title: 'B GW' },
      rows: [
        { label: 'FXS (phone) ports', a: '2', b: '2', same: true },
        { label: 'T.38 fax', a: 'yes', b: 'unconfirmed', same: false },
      ],
      dot: 'digraph x {}',
    };
    expect(formatComparison(c)).toBe(
      [
        'A ATA-2 vs B GW',
        '',
        '                     A ATA-2  B GW',
        '  FXS (phone) ports  2        2',
        '≠ T.38 fax           yes      unconfirmed',
        '',
        'Differences: T.38 fax.',
        'Cards: /devices/a-ata2 · /devices/b-gw on the web server',
      ].join('\n'),
    );
  });
});
