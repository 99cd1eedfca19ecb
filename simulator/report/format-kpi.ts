// How a KPI value reads to policy staff: shares as percentages (deltas in percentage points), durations in days,
// loads per month. Used by the console table and the HTML report alike.
import type { KpiDefinition } from '../simulation-types';

type Unit = KpiDefinition['unit'];

function fixed(value: number, digits: number): string {
  // -0.0 reads as a change where there is none.
  const text = value.toFixed(digits);
  return /^-0(\.0+)?$/.test(text) ? text.slice(1) : text;
}

export function formatKpiValue(unit: Unit, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '–';
  switch (unit) {
    case 'share':
      return `${fixed(value * 100, 1)}%`;
    case 'days':
      return `${fixed(value, 1)} d`;
    case 'per-month':
      return `${fixed(value, 1)}/mo`;
    case 'count':
      return Number.isInteger(value) ? String(value) : fixed(value, 1);
  }
}

export function formatKpiDelta(unit: Unit, delta: number | null): string {
  if (delta === null || !Number.isFinite(delta)) return '–';
  const sign = (text: string): string => (text.startsWith('-') ? `−${text.slice(1)}` : text === '0' || /^0\.0+$/.test(text) ? `±${text}` : `+${text}`);
  switch (unit) {
    case 'share':
      return `${sign(fixed(delta * 100, 1))} pp`;
    case 'days':
      return `${sign(fixed(delta, 1))} d`;
    case 'per-month':
      return `${sign(fixed(delta, 1))}/mo`;
    case 'count':
      return sign(Number.isInteger(delta) ? String(delta) : fixed(delta, 1));
  }
}

export function formatCi(unit: Unit, ci: [number, number] | null): string {
  if (!ci) return '–';
  return `[${formatKpiDelta(unit, ci[0])}, ${formatKpiDelta(unit, ci[1])}]`;
}

/** Whether a change is an improvement, a deterioration, or neither — only when its 95% interval excludes zero. */
export function deltaVerdict(better: KpiDefinition['better'], delta: number, ci: [number, number] | null): 'better' | 'worse' | 'same' | 'unsure' {
  if (delta === 0 && (!ci || (ci[0] === 0 && ci[1] === 0))) return 'same';
  if (better === 'neither') return 'unsure';
  if (ci && ci[0] <= 0 && ci[1] >= 0) return 'unsure';
  const up = delta > 0;
  return up === (better === 'higher') ? 'better' : 'worse';
}
