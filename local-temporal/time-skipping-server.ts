// Starts Temporal's Java time-skipping test server (resolved from Maven Central by scripts/setup.mjs).
import fs from 'node:fs';
import path from 'node:path';
import { toolPaths } from '../scripts/tool-paths.mjs';
import { registerSearchAttributes } from './register-search-attributes';
import { ServerProcess } from './server-process';

export async function startTimeSkippingServer(options: { port: number; logFile: string }): Promise<ServerProcess> {
  const { testServerLauncher } = toolPaths();
  if (!fs.existsSync(testServerLauncher)) {
    throw new Error(`time-skipping test server not found at ${testServerLauncher}: run \`npm run setup\` first.`);
  }
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  return ServerProcess.start({
    name: 'Temporal time-skipping test server',
    command: testServerLauncher,
    // Only the port: the server starts with time skipping locked (counter 1), which the SDK expects.
    args: [String(options.port)],
    address: `127.0.0.1:${options.port}`,
    logFile: options.logFile,
    ready: async (connection) => {
      await registerSearchAttributes(connection, 'default');
    },
  });
}
