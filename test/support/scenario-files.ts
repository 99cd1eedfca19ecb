// The scenario files shipped in sop-definitions/<province>/scenarios/, sorted.
import fs from 'node:fs';
import path from 'node:path';

export const sopDefinitionsDir = path.resolve(import.meta.dirname, '../../sop-definitions');

export function shippedScenarioFiles(): string[] {
  return fs
    .readdirSync(sopDefinitionsDir)
    .flatMap((province) => {
      const dir = path.join(sopDefinitionsDir, province, 'scenarios');
      return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => path.join(dir, f)) : [];
    })
    .sort();
}
