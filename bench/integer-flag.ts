// A whole-number command-line flag of a benchmark, checked: a bad value stops the run with a one-line reason.
export function integerFlag(bench: string, name: string, raw: string, min: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    console.error(`${bench}: --${name} must be an integer ≥ ${min}, not "${raw}"`);
    process.exit(2);
  }
  return n;
}
