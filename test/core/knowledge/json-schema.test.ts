import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jsonSchemas } from '../../../src/core/knowledge/schema.js';

describe('JSON Schemas for editors', () => {
  it.each(Object.keys(jsonSchemas()))('schema/%s is generated from the same definitions (run `dialtone kb schema` after a schema change)', (name) => {
    const committed = JSON.parse(readFileSync(`schema/${name}`, 'utf8')) as unknown;
    expect(committed).toEqual(jsonSchemas()[name]);
  });

  it('describes the required topic fields', () => {
    const topic = jsonSchemas()['topic.schema.json'] as { required: string[] };
    expect(topic.required).toEqual(expect.arrayContaining(['title', 'questions', 'summary', 'sources', 'reviewed']));
  });
});
