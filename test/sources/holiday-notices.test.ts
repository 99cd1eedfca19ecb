// Holiday notices as data of their own: a province's directory of notices, loaded at the edge for new cases.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SourceError } from '../../sources/located-error';
import { checkSourceFile, loadHolidayNotices } from '../../sources/load-sources';
import { parseLocalDateTime } from '../../rules/scenarios/scenario-time';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-notices-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string): string => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};

describe('holiday notices from files', () => {
  it('loads every file of a directory in name order, each notice with the file province; a local notifiedAt is Asia/Karachi', () => {
    const sub = path.join(dir, 'ok');
    fs.mkdirSync(sub);
    fs.writeFileSync(path.join(sub, 'b.yaml'), 'kind: holiday-notifications\nprovince: sindh\nnotifications:\n  - { id: b, dates: ["2026-06-18"], name: B, notifiedAt: "2026-06-15T12:00", notification: N-b }\n');
    fs.writeFileSync(path.join(sub, 'a.yaml'), 'kind: holiday-notifications\nprovince: sindh\nnotifications:\n  - { id: a, dates: ["2026-06-17"], name: A, notifiedAt: 1781000000000, notification: N-a }\n');
    const notices = loadHolidayNotices(sub);
    expect(notices.map((n) => [n.id, n.province])).toEqual([['a', 'sindh'], ['b', 'sindh']]);
    expect(notices[1]!.notifiedAt).toBe(parseLocalDateTime('2026-06-15T12:00'));
    expect(checkSourceFile(path.join(sub, 'a.yaml'))).toEqual([]);
    expect(loadHolidayNotices(path.join(dir, 'missing'))).toEqual([]);
  });

  it('names the file, line and field of a bad notice, and an id used twice', () => {
    const bad = write('bad.yaml', 'kind: holiday-notifications\nprovince: punjab\nnotifications:\n  - id: x\n    dates: ["2026-02-30"]\n    name: X\n    notifiedAt: "2026-06-15"\n    notification: N\n');
    expect(checkSourceFile(bad)).toEqual([expect.objectContaining({ line: 5, path: 'notifications[0].dates[0]', message: 'is not a calendar date' })]);
    const twice = write('twice.yaml', 'kind: holiday-notifications\nprovince: punjab\nnotifications:\n  - { id: x, dates: ["2026-06-17"], name: X, notifiedAt: 0, notification: N }\n  - { id: x, dates: ["2026-06-18"], name: Y, notifiedAt: 0, notification: N }\n');
    expect(() => loadHolidayNotices(twice)).toThrow(SourceError);
    expect(checkSourceFile(twice)).toEqual([expect.objectContaining({ line: 5, message: 'id x is used twice in this file' })]);
  });
});
