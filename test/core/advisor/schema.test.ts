import { describe, expect, it } from 'vitest';
import { loadPortModel, parsePortModel, PortModelError } from '../../../src/core/advisor/index.js';
import { loadCatalogue } from './catalogue.js';

const GOOD = `warnings:
  - id: w1
    text: A warning.
endpoints:
  - id: phone
    label: Phone
    aliases: [phone]
    presents: station
    role: phone
  - id: jack
    label: Jack
    aliases: [jack]
    presents: line
    role: pstn
`;

function problemsOf(text: string): PortModelError {
  try {
    parsePortModel(text, 'knowledge/ports.yaml');
  } catch (e) {
    if (e instanceof PortModelError) return e;
    throw e;
  }
  throw new Error('expected a PortModelError');
}

describe('port model schema', () => {
  it('accepts a valid file and fills defaults', () => {
    const m = parsePortModel(GOOD, 'ports.yaml');
    expect(m.byId.get('phone')).toMatchObject({
      carries: 'voice',
      countable: false,
      over: 'lan',
      warnings: [],
    });
  });

  it('names the file, line and field of a bad value', () => {
    const e = problemsOf(GOOD.replace('presents: line', 'presents: lines'));
    expect(e.problems).toHaveLength(1);
    expect(e.problems[0]).toMatchObject({
      file: 'knowledge/ports.yaml',
      line: 13,
      field: 'endpoints.1.presents',
    });
    expect(e.message).toMatch(/^knowledge\/ports\.yaml:13: error: endpoints\.1\.presents: /);
  });

  it('finds unknown roles and unknown fields', () => {
    const bad = GOOD.replace('role: phone', 'role: telephone\n    colour: red');
    const fields = problemsOf(bad).problems.map((p) => p.field);
    expect(fields).toEqual(['endpoints.0.role', 'endpoints.0']);
  });

  it('finds duplicate aliases and unknown warnings, at their lines', () => {
    const bad = GOOD.replace('aliases: [jack]', 'aliases: [Phone]').replace(
      'role: pstn',
      'role: pstn\n    warnings: [{id: nope}]',
    );
    const problems = problemsOf(bad).problems;
    expect(problems.map((p) => [p.field, p.line])).toEqual([
      ['endpoints.1.aliases.0', 12],
      ['endpoints.1.warnings.0.id', 15],
    ]);
    expect(problems[0]?.message).toBe("alias 'Phone' is already used by 'phone'");
  });

  it('reports YAML syntax errors with their line', () => {
    const e = problemsOf('warnings: [\n  - id: x\n');
    expect(e.problems[0]?.line).toBeGreaterThan(0);
    expect(e.problems[0]?.message).toMatch(/^YAML/);
  });

  it('the shipped model is valid and its example device ids exist in the catalogue', async () => {
    const model = await loadPortModel();
    const devices = await loadCatalogue();
    expect(model.endpoints.length).toBeGreaterThanOrEqual(17);
    for (const e of model.endpoints)
      for (const id of [...e.examples, ...e.fxs_examples])
        expect(devices.has(id), `${e.id}: ${id}`).toBe(true);
  });
});
