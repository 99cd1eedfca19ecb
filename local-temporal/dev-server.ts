// Starts the Temporal CLI dev server (built by scripts/setup.mjs) with sopflow's search attributes.
import fs from 'node:fs';
import path from 'node:path';
import { toolPaths } from '../scripts/tool-paths.mjs';
import { assertPortFree } from './free-port';
import { registerSearchAttributes } from './register-search-attributes';
import { ServerProcess } from './server-process';

export interface DevServerOptions {
  port: number;
  /** SQLite file; cases survive a restart. Omit for an in-memory database (tests). */
  dbFile?: string;
  /** Web UI port; omit to run headless. */
  uiPort?: number;
  /**
   * The codec server the Web UI asks to decrypt payloads (`<api>/codec`, api/codec/codec-routes.ts). The dev UI
   * sends no token, so sopflow's codec refuses it; it decrypts behind a UI that signs users in and passes the token.
   */
  uiCodecEndpoint?: string;
  namespace?: string;
  logFile: string;
}

export async function startDevServer(options: DevServerOptions): Promise<ServerProcess> {
  const { temporalCli } = toolPaths();
  if (!fs.existsSync(temporalCli)) {
    throw new Error(`Temporal CLI not found at ${temporalCli}: run \`npm run setup\` first.`);
  }
  const namespace = options.namespace ?? 'default';
  await assertPortFree(options.port, 'is another `npm start` running? Set SOPFLOW_DEV_PORT to use another port.');
  if (options.uiPort) await assertPortFree(options.uiPort, 'set SOPFLOW_UI_PORT to use another port for the Web UI.');
  if (options.dbFile) fs.mkdirSync(path.dirname(options.dbFile), { recursive: true });
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--namespace',
    namespace,
    '--log-level',
    'warn',
    '--log-format',
    'json',
    // Updates are how case events arrive; the dev server has them on, but say so explicitly.
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecution=true',
    ...(options.dbFile ? ['--db-filename', options.dbFile] : []),
    ...(options.uiPort ? ['--ui-port', String(options.uiPort)] : ['--headless']),
    ...(options.uiPort && options.uiCodecEndpoint ? ['--ui-codec-endpoint', options.uiCodecEndpoint] : []),
  ];
  return ServerProcess.start({
    name: 'Temporal dev server',
    command: temporalCli,
    args,
    address: `127.0.0.1:${options.port}`,
    logFile: options.logFile,
    ready: async (connection) => {
      await registerSearchAttributes(connection, namespace);
    },
  });
}
