// The simulation's worker threads run the engine from one esbuild bundle of simulation-worker.ts, built when a run
// starts. Through tsx, every module is transformed with function names kept (esbuild's keepNames), which wraps
// each closure the core creates per event in a defineProperty call: ~8% of a thread's self time in a CPU profile,
// and ~1,000 against ~1,150 lifecycles per CPU-second for a 3,000-case Punjab run bundled with and without kept
// names. The bundle is kept in the temp directory under its content's hash, written whole and then renamed, so
// concurrent runs share it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ENTRY = fileURLToPath(new URL('./simulation-worker.ts', import.meta.url));

/** The path of the worker bundle for this checkout's code, built (or found) now. */
export function simulationWorkerFile(): Promise<string> {
  return nodeBundleFile(ENTRY, 'sopflow-simulation-worker');
}

/** `entry` and what it imports as one ES module without kept names, in the temp directory under `prefix` and its hash. */
export async function nodeBundleFile(entry: string, prefix: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    keepNames: false,
    logLevel: 'silent',
    // Bundled CommonJS packages call require; an ES module has none of its own.
    banner: { js: "import { createRequire as __sopflowCreateRequire } from 'node:module'; const require = __sopflowCreateRequire(import.meta.url);" },
  });
  const code = result.outputFiles[0]!.contents;
  const hash = crypto.createHash('sha256').update(code).digest('hex').slice(0, 24);
  const file = path.join(os.tmpdir(), `${prefix}-${hash}.mjs`);
  if (!fs.existsSync(file)) {
    const partial = `${file}.${process.pid}.${crypto.randomUUID()}.partial`;
    fs.writeFileSync(partial, code);
    fs.renameSync(partial, file);
  }
  return file;
}
