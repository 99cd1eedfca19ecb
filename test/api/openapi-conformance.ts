// Test helper: checks a response against the API's own OpenAPI document (its status is documented, and the body
// validates against that status's schema, components resolved), so every route's answers conform in the tests.
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';

interface Doc {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
}

export interface Conformance {
  /** Throws with the path, status and the schema's complaint when the response is outside the document. */
  check(method: string, routeUrl: string, status: number, contentType: string | undefined, body: unknown): void;
  /** How many distinct (route, status) pairs were checked. */
  checked(): string[];
}

/** `/cases/:caseId` → `/cases/{caseId}`, as the document names paths. */
const openApiPath = (url: string): string => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

export function conformanceTo(doc: unknown): Conformance {
  const ajv = new Ajv2020({ strict: false, allErrors: false });
  ajv.addFormat('date-time', (s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)));
  ajv.addSchema({ ...(doc as object), $id: 'openapi.json' });
  const compiled = new Map<string, ValidateFunction>();
  const seen = new Set<string>();
  const paths = (doc as Doc).paths;
  return {
    check(method, routeUrl, status, contentType, body) {
      const path = openApiPath(routeUrl);
      const op = paths[path]?.[method.toLowerCase()];
      if (!op) throw new Error(`${method} ${path} is not in the OpenAPI document`);
      const response = op.responses?.[String(status)];
      if (!response) throw new Error(`${method} ${path} answered ${status}, which the document does not list (it lists ${Object.keys(op.responses ?? {}).join(', ')})`);
      const media = (contentType ?? '').split(';')[0]!.trim();
      const content = response.content ?? {};
      const key = content[media] ? media : undefined;
      if (!key) throw new Error(`${method} ${path} ${status}: content type ${media} is not documented`);
      const pointer = `openapi.json#/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method.toLowerCase()}/responses/${status}/content/${key.replace(/\//g, '~1')}/schema`;
      let validate = compiled.get(pointer);
      if (!validate) {
        validate = ajv.compile({ $ref: pointer });
        compiled.set(pointer, validate);
      }
      if (!validate(body)) throw new Error(`${method} ${path} ${status} does not match its schema: ${ajv.errorsText(validate.errors)}`);
      seen.add(`${method.toUpperCase()} ${path} ${status}`);
    },
    checked: () => [...seen].sort(),
  };
}
