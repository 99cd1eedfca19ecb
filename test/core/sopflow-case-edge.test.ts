// `sopflow case …` and `sopflow tasks …` refuse bad input at the edge, before any server is asked: the real CLI
// in a child process, pointed at a closed port, so an input that passes every check ends in "cannot reach
// Temporal" and one that fails says why in one line naming the flag.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local-temporal/free-port';
import { testPayloadKeyring } from '../support/test-payload-key';

const root = path.resolve(import.meta.dirname, '../..');
const DAY = 86_400_000;
const CASE = 'case/punjab/lahore/model-town/7-2026';
const UNREACHABLE = /^sopflow: cannot reach Temporal at /;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let closedPort = 0;
beforeAll(async () => {
  closedPort = await freePort();
});

/** The CLI with `env` added to this process's environment, none of its TEMPORAL_ / SOPFLOW_ settings inherited. */
function run(env: Record<string, string>, args: string[], input?: string): Run {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TEMPORAL_') && !k.startsWith('SOPFLOW_')));
  const r = spawnSync(process.execPath, ['bin/sopflow.mjs', ...args], { cwd: root, encoding: 'utf8', env: { ...inherited, ...env }, ...(input !== undefined ? { input } : {}) });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A configured cluster that is down: keys are configured, nothing answers. */
function sopflow(...args: string[]): Run {
  return run(
    {
      TEMPORAL_ADDRESS: `127.0.0.1:${closedPort}`,
      SOPFLOW_PAYLOAD_KEY: Buffer.from(testPayloadKeyring.current.key).toString('base64'),
      SOPFLOW_PAYLOAD_KEY_ID: testPayloadKeyring.current.id,
    },
    args,
  );
}

const lines = (text: string): string[] => text.split('\n').filter((l) => l !== '');
const openArgs = (...more: string[]): string[] => ['case', 'open', '--province', 'punjab', '--district', 'Lahore', '--police-station', 'Model Town', '--offence', 'theft', ...more];
const isoDaysAgo = (days: number): string => new Date(Date.now() - days * DAY).toISOString();
const yearOf = (iso: string): number => Number(new Date(new Date(iso).getTime() + 5 * 3_600_000).toISOString().slice(0, 4)); // Asia/Karachi, UTC+5

function refusedWith(r: Run, pattern: RegExp): void {
  expect(r.code).toBe(1);
  expect(lines(r.stderr)).toEqual([expect.stringMatching(pattern)]);
}

describe('defect 4: impossible UTC offsets', () => {
  it('refuses --at with an offset no clock has, naming the flag', () => {
    refusedWith(sopflow(...openArgs('--fir', '7/2026', '--at', '2026-11-20T10:00+99:99')), /^sopflow: --at: has an impossible UTC offset "\+99:99"/);
    refusedWith(sopflow('case', 'event', CASE, 'ACCUSED_ARRESTED', '--at', '2026-11-20T10:00-13:00'), /^sopflow: --at: has an impossible UTC offset "-13:00"/);
    // A real offset passes the check (and then finds no server).
    refusedWith(sopflow(...openArgs('--fir', '7/2026', '--at', '2026-11-20T10:00+05:00')), UNREACHABLE);
  });
});

describe('defect 5: reserved event ids', () => {
  it('refuses --event-id fir (the id the FIR registration is logged under) before sending', () => {
    refusedWith(sopflow('case', 'event', CASE, 'ACCUSED_ARRESTED', '--event-id', 'fir'), /^sopflow: --event-id: is reserved for the case’s own events/);
    refusedWith(sopflow('tasks', 'ack', `${CASE}/task/breach:interim-report#1`, '--role', 'sho', '--event-id', 'FIR'), /^sopflow: --event-id: is reserved/);
  });
});

describe('defect 6: implausible cases', () => {
  it('refuses a district that is not in the province’s pack', () => {
    const r = sopflow('case', 'open', '--province', 'sindh', '--district', 'Lahore', '--police-station', 'city', '--fir', '7/2026', '--offence', 'theft');
    refusedWith(r, /^sopflow: --district: "lahore" is not a district of sindh \(SOP 2026\.1\); one of: badin, dadu, /);
  });

  it('refuses an FIR year other than the year of registration', () => {
    refusedWith(sopflow(...openArgs('--fir', '5/1990', '--at', '2026-11-20T10:00')), /^sopflow: --fir: the FIR's year 1990 is not the year it was registered \(2026-11-20 in Asia\/Karachi\)/);
  });

  it('asks for --accept-old before opening a case older than the pack’s intake bound', () => {
    const old = isoDaysAgo(400);
    const fir = `7/${yearOf(old)}`;
    refusedWith(sopflow(...openArgs('--fir', fir, '--at', old)), /^sopflow: --at: the FIR was registered 400 days ago, more than the punjab SOP's intake bound of 365 days \(caseIntake\.maxAgeDays.*--accept-old/);
    refusedWith(sopflow(...openArgs('--fir', '1/1947', '--at', '1947-08-20')), /--at: the FIR was registered \d+ days ago/);
    refusedWith(sopflow(...openArgs('--fir', fir, '--at', old, '--accept-old')), UNREACHABLE);
  });
});

describe('defect 7: deep, non-finite and large --facts', () => {
  const nested = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

  it('says how deep facts may be, instead of a converter or schema error', () => {
    for (const depth of [5000, 2000]) {
      refusedWith(sopflow('case', 'event', CASE, 'ACCUSED_ARRESTED', '--facts', nested(depth)), /^sopflow: --facts: nested deeper than 16 levels$/);
    }
  });

  it('refuses non-finite numbers before sending', () => {
    refusedWith(sopflow('case', 'event', CASE, 'DEFECTS_CURED', '--facts', '{"cureDays":1e999}'), /^sopflow: --facts: numbers must be finite/);
  });

  it('reads --facts @file and --facts - (stdin), bounded, and refuses what is not a regular file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-facts-'));
    // A megabyte of facts: more than a command line can carry.
    const big = JSON.stringify({ challan: { documents: Array.from({ length: 92_000 }, () => 'fir_copy') } });
    expect(big.length).toBeGreaterThan(1_000_000);
    fs.writeFileSync(path.join(dir, 'facts.json'), big);
    // Under the file cap, but far over what one event's facts may hold: refused before any connection.
    refusedWith(sopflow('case', 'event', CASE, 'FINAL_CHALLAN_SUBMITTED', '--facts', `@${path.join(dir, 'facts.json')}`), /^sopflow: --facts: is larger than 32 KiB of JSON$/);
    fs.writeFileSync(path.join(dir, 'huge.json'), `${big}${' '.repeat(100_000)}`);
    refusedWith(sopflow('case', 'event', CASE, 'FINAL_CHALLAN_SUBMITTED', '--facts', `@${path.join(dir, 'huge.json')}`), /^sopflow: --facts: .*huge\.json:1:1: file is \d+ bytes; a facts file may be at most 1048576$/);
    refusedWith(sopflow('case', 'event', CASE, 'FINAL_CHALLAN_SUBMITTED', '--facts', '@/dev/zero'), /^sopflow: --facts: .*\/dev\/zero: is a device, not a regular file; give a file$/);
    // A FIFO with no writer: refused at once, not waited on.
    const fifo = path.join(dir, 'fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    refusedWith(sopflow('case', 'event', CASE, 'FINAL_CHALLAN_SUBMITTED', '--facts', `@${fifo}`), /^sopflow: --facts: .*fifo: is a FIFO \(named pipe\), not a regular file; give a file$/);

    const env = { TEMPORAL_ADDRESS: `127.0.0.1:${closedPort}`, SOPFLOW_PAYLOAD_KEY: Buffer.from(testPayloadKeyring.current.key).toString('base64'), SOPFLOW_PAYLOAD_KEY_ID: 'k1' };
    refusedWith(run(env, ['case', 'event', CASE, 'FINAL_CHALLAN_SUBMITTED', '--facts', '-'], '{"cureDays":1e999}'), /^sopflow: --facts: numbers must be finite/);
    refusedWith(run(env, ['case', 'event', CASE, 'FINAL_CHALLAN_SUBMITTED', '--facts', '-'], big), /^sopflow: --facts: is larger than 32 KiB of JSON$/);
    refusedWith(run(env, ['case', 'event', CASE, 'FINAL_CHALLAN_SUBMITTED', '--facts', '-'], '{"cureDays":3}'), UNREACHABLE);
  });
});

describe('defect 8: argument errors with --json', () => {
  it('prints a JSON error on stdout and one `sopflow:` line on stderr, for every command', () => {
    const cases: [string[], RegExp][] = [
      [['case', 'open', '--province', 'punjab', '--json'], /required option '--district <district>' not specified/],
      [['case', 'show', CASE, '--bogus', '--json'], /unknown option '--bogus'/],
      [['tasks', 'list', '--json', '--nope'], /unknown option '--nope'/],
      [['diff', 'only-one.yaml', '--json'], /missing required argument 'new'/],
    ];
    for (const [args, message] of cases) {
      const r = sopflow(...args);
      expect(r.code).toBe(1);
      const out = JSON.parse(r.stdout) as { error: { code: string; message: string } };
      expect(out.error.code).toBe('usage');
      expect(out.error.message).toMatch(message);
      expect(lines(r.stderr)).toEqual([`sopflow: ${out.error.message}`]);
    }
    // Without --json: stderr only.
    const plain = sopflow('case', 'show', CASE, '--bogus');
    expect(plain.stdout).toBe('');
    expect(lines(plain.stderr)).toEqual([expect.stringMatching(/^sopflow: unknown option '--bogus'/)]);
  });
});

describe('defect 9: district roles cannot list a whole province', () => {
  it('refuses a district role without --district; a province-level role may omit it', () => {
    for (const role of ['sho', 'io', 'sdpo', 'sp_investigation', 'dpo', 'adpp', 'ddpp', 'dpp']) {
      refusedWith(sopflow('tasks', 'list', '--province', 'punjab', '--role', role), /^sopflow: --district: is required: a district role sees its own district only/);
    }
    refusedWith(sopflow('tasks', 'list', '--province', 'punjab', '--role', 'prosecutor_general'), UNREACHABLE);
    refusedWith(sopflow('tasks', 'list', '--province', 'punjab', '--district', 'lahore', '--role', 'sho'), UNREACHABLE);
  });
});

describe('defect 10: a CLI never generates a payload key', () => {
  it('from a directory without the key file, says so plainly and writes nothing', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-nokey-'));
    const env = { SOPFLOW_DATA_DIR: dataDir, SOPFLOW_DEV_PORT: String(await freePort()) };
    const r = run(env, ['case', 'show', CASE, '--json']);
    expect(r.code).toBe(1);
    expect(lines(r.stderr)).toEqual([`sopflow: no payload key found in ${dataDir}: run from the directory npm start runs in, or set SOPFLOW_PAYLOAD_KEY`]);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { code: 'configuration' } });
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });
});
