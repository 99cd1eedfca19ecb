// The saved histories of test/histories (recorded by `npm run histories:record`), read for replay: by the
// determinism guard (test/temporal/replay-histories.test.ts) and by `npm run bench:replay`.
import fs from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';

export const SAVED_HISTORIES_DIR = import.meta.dirname;

export interface SavedHistory {
  file: string;
  workflowId: string;
  history: ReturnType<typeof historyFromJSON>;
}

/** Every saved history, case and task alike, in file-name order. */
export function savedHistories(dir = SAVED_HISTORIES_DIR): SavedHistory[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const { workflowId, history } = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { workflowId: string; history: unknown };
      return { file: f, workflowId, history: historyFromJSON(history) };
    });
}
