// `sopflow diff`, `graph` and `explain`: read files at the edge, call the pure core, print.
import { caseFacts } from '../../rules/schema/case-facts';
import { explainFacts, formatFactsExplanation } from '../../rules/explain/explain-facts';
import { diffSop, formatSopDiff } from '../../rules/explain/sop-diff';
import { stageGraphDot, stageGraphMermaid } from '../../rules/explain/stage-graph';
import { displayPath } from '../../sources/guarded-read';
import { loadBundleFile, loadFactsFile } from '../../sources/load-sources';
import { SourceError } from '../../sources/located-error';

export function runDiff(oldFile: string, newFile: string, options: { json?: boolean }): number {
  const diff = diffSop(loadBundleFile(oldFile), loadBundleFile(newFile));
  process.stdout.write(options.json ? `${JSON.stringify(diff, null, 2)}\n` : `${formatSopDiff(diff)}\n`);
  return 0;
}

export function runGraph(packFile: string, options: { format: string }): number {
  const { pack } = loadBundleFile(packFile);
  if (options.format !== 'mermaid' && options.format !== 'dot') throw new Error(`--format must be mermaid or dot, not "${options.format}"`);
  process.stdout.write(options.format === 'dot' ? stageGraphDot(pack) : stageGraphMermaid(pack));
  return 0;
}

export async function runExplain(packFile: string, options: { facts: string; json?: boolean }): Promise<number> {
  // The same guarded read as every input file: a FIFO or /dev/zero is refused before anything is read.
  const parsed = caseFacts.safeParse(loadFactsFile(options.facts));
  if (!parsed.success) {
    const file = displayPath(options.facts);
    throw new SourceError(parsed.error.issues.map((i) => ({ file, path: `facts.${i.path.join('.')}`, message: i.message })));
  }
  const explanation = await explainFacts(loadBundleFile(packFile), parsed.data);
  process.stdout.write(options.json ? `${JSON.stringify(explanation, null, 2)}\n` : `${formatFactsExplanation(explanation)}\n`);
  return 0;
}
