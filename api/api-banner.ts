// What `npm start` and `npm run api` print once the API listens: where it and its docs are, who signs tokens,
// and, for the embedded provider only, the demo directory (marked local-only) with one copy-paste curl line.
import type { ApiServer } from './serve-api';
import { DEMO_PASSWORD, DEMO_SYSTEMS, DEMO_USERS, type DemoUser } from './oidc/demo-directory';

const place = (u: DemoUser): string => [u.jurisdiction.province, u.jurisdiction.district, u.jurisdiction.policeStation].filter(Boolean).join('/');

export function apiBanner(server: Pick<ApiServer, 'url' | 'issuer' | 'localProvider'> & Partial<Pick<ApiServer, 'appUrl'>>): string[] {
  const lines = [
    ...(server.appUrl ? [`Web app: ${server.appUrl}${server.localProvider ? ' (sign in as a demo user below)' : ''}`] : []),
    `HTTP API: ${server.url}`,
    `API docs (Swagger UI): ${server.url}/docs`,
    `OpenAPI document: ${server.url}/openapi.json`,
    `OpenID issuer: ${server.issuer}${server.localProvider ? ' (embedded, LOCAL ONLY)' : ''}`,
  ];
  if (!server.localProvider) return [...lines, 'tokens come from that issuer; the API checks their audience, roles and jurisdiction claims.'];
  const width = Math.max(...DEMO_USERS.map((u) => u.id.length));
  const roleWidth = Math.max(...DEMO_USERS.map((u) => u.roles.join(',').length));
  const system = DEMO_SYSTEMS[0]!;
  return [
    ...lines,
    '--- LOCAL ONLY: demo sign-ins of the embedded provider; every password and secret below is public. ---',
    `demo users (password "${DEMO_PASSWORD}", authorisation code + PKCE, client id sopflow-web):`,
    ...DEMO_USERS.map((u) => `  ${u.id.padEnd(width)}  ${u.roles.join(',').padEnd(roleWidth)}  ${place(u)}`),
    'demo source systems (client credentials, scope "api"):',
    ...DEMO_SYSTEMS.map((s) => `  ${s.clientId}:${s.clientSecret}  ${s.province}`),
    'try it:',
    `  TOKEN=$(curl -s -u ${system.clientId}:${system.clientSecret} -d grant_type=client_credentials -d scope=api ${server.issuer}/token | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token')`,
    `  curl -H "Authorization: Bearer $TOKEN" ${server.url}/cases`,
    '--- end of LOCAL ONLY demo sign-ins; set SOPFLOW_OIDC_ISSUER to use a real OpenID provider. ---',
  ];
}
