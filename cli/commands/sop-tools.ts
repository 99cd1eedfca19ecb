// `sopflow diff`, `graph` and `explain`: read files at the edge, call the pure core, print.
import fs from 'node:fs';
import { caseFacts } from '../../rules/schema/case-facts';
import { explainFacts, formatFactsExplanation } from '../../rules/explain/explain-facts';
import { diffSop, formatSopDiff } from '../../rules/explain/sop-diff';
import { stageGraphDot, stageGraphMermaid } from '../../rules/explain/stage-graph';
import { loadBundleFile } from '../load-bundle-file';

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
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(options.facts, 'utf8'));
  } catch (err) {
    throw new Error(`${options.facts}: cannot read facts JSON: ${(err as Error).message}`);
  }
  const parsed = caseFacts.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${options.facts}: facts.${i.path.join('.')}: ${i.message}`);
    throw new Error(lines.join('\n'));
  }
  const explanation = await explainFacts(loadBundleFile(packFile), parsed.data);
  process.stdout.write(options.json ? `${JSON.stringify(explanation, null, 2)}\n` : `${formatFactsExplanation(explanation)}\n`);
  return 0;
}
