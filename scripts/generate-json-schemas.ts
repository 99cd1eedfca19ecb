// `npm run schema`: writes sop-definitions/schema/*.json from the zod schemas.
import fs from 'node:fs';
import path from 'node:path';
import { jsonSchemas } from '../rules/schema/json-schemas';

export const schemaDir = path.resolve(import.meta.dirname, '../sop-definitions/schema');

fs.mkdirSync(schemaDir, { recursive: true });
for (const [file, schema] of Object.entries(jsonSchemas())) {
  fs.writeFileSync(path.join(schemaDir, file), `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote sop-definitions/schema/${file}`);
}
