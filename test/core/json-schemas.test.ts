import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonSchemas } from '../../rules/schema/json-schemas';

const dir = path.resolve(import.meta.dirname, '../../sop-definitions/schema');

describe('JSON Schemas for editors', () => {
  it.each(Object.keys(jsonSchemas()))('%s is generated from the zod schema and committed up to date (npm run schema)', (file) => {
    const committed = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as unknown;
    expect(committed).toEqual(JSON.parse(JSON.stringify(jsonSchemas()[file])));
  });

  it('describe the pack fields an author needs, with the constraints the loader enforces', () => {
    const pack = jsonSchemas()['sop-pack.schema.json'] as { properties: Record<string, unknown>; required: string[] };
    expect(pack.required).toEqual(expect.arrayContaining(['kind', 'province', 'version', 'calendars', 'ladders', 'stages']));
    expect(Object.keys(pack.properties)).toEqual(expect.arrayContaining(['clocks', 'gates', 'overlays']));
  });
});

describe('the shipped SOP files validate against the generated JSON Schemas (what an editor checks)', async () => {
  const { Ajv2020 } = await import('ajv/dist/2020.js');
  const { parse } = await import('yaml');
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const root = path.resolve(import.meta.dirname, '../../sop-definitions');
  const files = fs
    .readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml'))
    // Cohort specs are the simulator's input, not SOP files: test/simulator/cohort-spec.test.ts checks them.
    .filter((f) => !f.startsWith(`cohorts${path.sep}`))
    .map((f) => path.join(root, f));
  const schemaFor = (text: string): string =>
    /^kind:\s*sop-overlay/m.test(text)
      ? 'sop-overlay.schema.json'
      : /^kind:\s*sop-scenario/m.test(text)
        ? 'sop-scenario.schema.json'
        : /^kind:\s*holiday-notifications/m.test(text)
          ? 'sop-holiday-notifications.schema.json'
          : 'sop-pack.schema.json';

  it.each(files.map((f) => [path.relative(root, f), f]))('%s', (_name, file) => {
    const text = fs.readFileSync(file, 'utf8');
    const validate = ajv.compile(jsonSchemas()[schemaFor(text)]!);
    const ok = validate(parse(text));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('and the schema rejects what the loader rejects, e.g. a zero duration', () => {
    const validate = ajv.compile(jsonSchemas()['sop-pack.schema.json']!);
    const pack = parse(fs.readFileSync(path.join(root, 'punjab/punjab-2026.1.yaml'), 'utf8')) as { clocks: { duration: { amount: number } }[] };
    pack.clocks[0]!.duration.amount = 0;
    expect(validate(pack)).toBe(false);
  });
});
