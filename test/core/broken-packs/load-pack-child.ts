// Child process for the hostile-input tests: loads stdin as a pack and prints the result as JSON. Running the
// loader out of process turns a hang (killed on a timeout) or a crash (a non-zero exit) into a test failure
// instead of a stalled or dead test run.
import fs from 'node:fs';
import { loadPack } from '../../../rules/loader/load-sop';

const text = fs.readFileSync(0, 'utf8');
const started = performance.now();
const result = loadPack({ file: process.argv[2] ?? 'input.yaml', text });
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({ ms, ok: result.ok, errors: result.ok ? [] : result.errors }));
