// `npm run bench:rules`: runs bench/rules-measure.ts from an esbuild bundle without kept names, the way the core runs
// in the simulator's threads (simulator/engine/worker-bundle.ts) and in the workflow bundle (webpack). Through tsx,
// every closure the core creates per event is wrapped in a naming call (esbuild's keepNames), which measured the
// loader, not the core. `--tsx` measures it through tsx as before, for comparison.
import { pathToFileURL } from 'node:url';
import { nodeBundleFile } from '../simulator/engine/worker-bundle';

const MEASURE = new URL('./rules-measure.ts', import.meta.url);
if (process.argv.includes('--tsx')) {
  console.log('bench:rules: the core through tsx (names kept)');
  await import(MEASURE.href);
} else {
  const file = await nodeBundleFile(MEASURE.pathname, 'sopflow-bench-rules');
  console.log('bench:rules: the core from an esbuild bundle without kept names (as the simulator runs it)');
  await import(pathToFileURL(file).href);
}
