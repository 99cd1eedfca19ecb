// `sopflow backup <dir>` and `sopflow restore <dir>`: the embedded default's data directory (SOPFLOW_DATA_DIR)
// saved and put back whole, with a manifest of hashes (cli/data-backup.ts). Stop npm start first.
import path from 'node:path';
import { Command } from 'commander';
import { backupDataDir, describeBackup, restoreDataDir } from '../data-backup';
import { runCommand } from '../command-runner';

const dataDir = (): string => path.resolve(process.env.SOPFLOW_DATA_DIR ?? 'data');

export function backupCommand(): Command {
  return new Command('backup')
    .description('save the data directory (Temporal SQLite, payload key, read model or a pg_dump of DATABASE_URL, outbox…) into a new directory, with a manifest of hashes; stop npm start first')
    .argument('<dir>', 'a new, empty directory')
    .option('--json', 'the manifest on stdout')
    .action(async (dir: string, options: { json?: boolean }) => {
      process.exitCode = await runCommand(options, () => {
        const manifest = backupDataDir({
          dataDir: dataDir(),
          target: dir,
          ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
          keyFromEnvironment: Boolean(process.env.SOPFLOW_PAYLOAD_KEY),
        });
        return Promise.resolve({ json: manifest, text: describeBackup(manifest, path.resolve(dir), 'backed up') });
      });
    });
}

export function restoreCommand(): Command {
  return new Command('restore')
    .description('check a backup against its manifest and restore it into SOPFLOW_DATA_DIR, which must be new or empty (and the read model into DATABASE_URL if it was dumped)')
    .argument('<dir>', 'a directory written by sopflow backup')
    .option('--json', 'the manifest on stdout')
    .action(async (dir: string, options: { json?: boolean }) => {
      process.exitCode = await runCommand(options, () => {
        const manifest = restoreDataDir({ source: dir, dataDir: dataDir(), ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}) });
        return Promise.resolve({ json: manifest, text: describeBackup(manifest, dataDir(), 'restored') });
      });
    });
}
