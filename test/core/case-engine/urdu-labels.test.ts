// Urdu labels in a pack: an optional label_ur beside label on a stage, clock or gate. The schema takes it, and
// the case view carries it (labelUr) for the web app to show Urdu readers; a pack without it is unchanged.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseView, openCase } from '../../../rules/case-engine/index';
import { compileSop } from '../../../rules/compiler/compile-sop';
import { caseFacts } from '../../../rules/schema/case-facts';
import { loadBundleFile } from '../../../sources/load-sources';
import { DAY, firAt, theftInCustody } from './fixtures';

const PACK = 'sop-definitions/punjab/punjab-2026.1.yaml';
const OVERLAYS = fs.readdirSync('sop-definitions/overlays').filter((f) => f.endsWith('.yaml')).map((f) => path.join('sop-definitions/overlays', f));

function withUrdu(text: string): string {
  // Each line is matched whole (with its line break), so "label: Investigation" is not the clock's longer label.
  const add = (line: string, urdu: string): string => {
    if (!text.includes(`\n${line}\n`)) throw new Error(`the fixture pack no longer has the line ${JSON.stringify(line)}`);
    const indent = /^\s*/.exec(line)![0];
    return text.replace(`\n${line}\n`, `\n${line}\n${indent}label_ur: ${urdu}\n`);
  };
  text = add('    label: Investigation', 'تفتیش');
  text = add('    label: Interim report within 3 days after the 14 days expire', 'چودہ دن گزرنے کے بعد تین دن میں عبوری رپورٹ');
  return text;
}

describe('Urdu labels in SOP packs', () => {
  it('a stage and a clock with label_ur show it in the case view; without it there is no labelUr', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-urdu-pack-'));
    const file = path.join(dir, 'punjab-2026.1.yaml');
    fs.writeFileSync(file, withUrdu(fs.readFileSync(PACK, 'utf8')));
    const facts = caseFacts.parse(theftInCustody);
    for (const [bundle, urdu] of [
      [loadBundleFile(file, { overlays: OVERLAYS }), true],
      [loadBundleFile(PACK, { overlays: OVERLAYS }), false],
    ] as const) {
      const sop = await compileSop(bundle, facts);
      const view = caseView(sop, (await openCase(sop, facts, firAt)).state, firAt + DAY);
      const interim = view.clocks.find((c) => c.clockId === 'interim-report')!;
      if (urdu) {
        expect(view.stage).toEqual({ id: 'investigation', label: 'Investigation', labelUr: 'تفتیش' });
        expect(interim.labelUr).toBe('چودہ دن گزرنے کے بعد تین دن میں عبوری رپورٹ');
        expect(interim.label).toBe('Interim report within 3 days after the 14 days expire');
      } else {
        expect(view.stage).toEqual({ id: 'investigation', label: 'Investigation' });
        expect(interim).not.toHaveProperty('labelUr');
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
