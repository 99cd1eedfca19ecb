// The web app's API types (web/src/api/openapi.d.ts) are generated from the API's OpenAPI document: this fails
// when a route or schema changed and `npm run web:openapi` was not run, so the app never compiles against an
// API that is not there.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPENAPI_TYPES_FILE, openApiTypes } from '../../scripts/web-openapi';

describe('the web app\u2019s generated API types', () => {
  it('match the API\u2019s OpenAPI document (regenerate with npm run web:openapi)', async () => {
    const fresh = await openApiTypes();
    expect(fs.readFileSync(OPENAPI_TYPES_FILE, 'utf8') === fresh, 'web/src/api/openapi.d.ts is stale: run npm run web:openapi').toBe(true);
    expect(fresh).toContain('"/tasks"');
    expect(fresh).toContain('"/saved-views"');
  });
});
