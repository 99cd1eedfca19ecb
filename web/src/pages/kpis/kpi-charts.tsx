// The dashboard's charts through Chart.js (and chartjs-chart-matrix for the heatmap), bundled, not from a CDN.
// In Urdu the charts mirror: the time axis runs right to left, the category labels stand on the right, and the
// legend and tooltips are written right to left.
import { CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { MatrixController, MatrixElement } from 'chartjs-chart-matrix';
import { useEffect, useRef, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';
import { useFormat } from '../../i18n/format';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Tooltip, Legend, MatrixController, MatrixElement);

type KpiValue = Schemas['KpiValue'];

function useChart(build: (canvas: HTMLCanvasElement) => Chart, deps: unknown[], language: string): RefObject<HTMLCanvasElement | null> {
  const ref = useRef<HTMLCanvasElement | null>(null);
  useEffect(() => {
    if (!ref.current) return;
    // Canvas text does not inherit the page's font: Urdu labels need the Nastaliq face named.
    Chart.defaults.font.family = language === 'ur' ? "'Noto Nastaliq Urdu', serif" : "system-ui, 'Segoe UI', Roboto, sans-serif";
    const chart = build(ref.current);
    return () => chart.destroy();
    // The chart is rebuilt when its data or direction change (deps), not on every render.
  }, [...deps, language]);
  return ref;
}

export function TrendChart({ values, labelledBy }: { values: KpiValue[]; labelledBy: string }): ReactNode {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const rtl = i18n.dir() === 'rtl';
  const months = [...new Set(values.map((v) => v.group.firMonth).filter((m): m is string => Boolean(m)))].sort();
  const series = (kpi: string, scale: number): (number | null)[] => months.map((m) => {
    const v = values.find((x) => x.kpi === kpi && x.group.firMonth === m && Object.keys(x.group).every((k) => k === 'province' || k === 'district' || k === 'policeStation' || k === 'firMonth'));
    return v ? Math.round(v.value * scale * 10) / 10 : null;
  });
  const cases = series('cases.count', 1);
  const within = series('challan.within_s173_share', 100);
  const ref = useChart(
    (canvas) =>
      new Chart(canvas, {
        type: 'line',
        data: {
          labels: months,
          datasets: [
            { label: t('kpiNames.cases_count'), data: cases, borderColor: '#0b5cad', backgroundColor: '#0b5cad', yAxisID: 'y' },
            { label: `${t('kpiNames.challan_within_s173_share')} (%)`, data: within, borderColor: '#a40e26', backgroundColor: '#a40e26', yAxisID: 'y1' },
          ],
        },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          locale: i18n.language === 'ur' ? 'ur-PK' : 'en-PK',
          scales: {
            x: { reverse: rtl },
            y: { position: rtl ? 'right' : 'left', beginAtZero: true },
            y1: { position: rtl ? 'left' : 'right', beginAtZero: true, max: 100, grid: { drawOnChartArea: false } },
          },
          plugins: { legend: { rtl, textDirection: rtl ? 'rtl' : 'ltr' }, tooltip: { rtl, textDirection: rtl ? 'rtl' : 'ltr' } },
        },
      }),
    [months.join(), cases.join(), within.join(), rtl],
    i18n.language,
  );
  return (
    <div className="chart-box" data-testid="kpi-trend">
      <canvas ref={ref} role="img" aria-labelledby={labelledBy} aria-describedby="trend-desc" />
      <p id="trend-desc" className="visually-hidden">
        {months.map((m, i) => `${m}: ${f.number(cases[i] ?? 0)}`).join(t('common.separator'))}
      </p>
    </div>
  );
}

export function BreachHeatmap({ values, dim, labelledBy, onPick }: { values: KpiValue[]; dim: 'district' | 'policeStation'; labelledBy: string; onPick: (group: Record<string, string>) => void }): ReactNode {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const rtl = i18n.dir() === 'rtl';
  const cells = values.filter((v) => v.kpi === 'clock.breached_share' && v.group.clock && v.group[dim]);
  const rows = [...new Set(cells.map((c) => c.group[dim]!))].sort();
  const clocks = [...new Set(cells.map((c) => c.group.clock!))].sort();
  const clockLabel = (id: string): string => t(`clocks.${id}`, { defaultValue: id });
  const data = cells.map((c) => ({ x: clockLabel(c.group.clock!), y: f.place(c.group[dim]!), v: c.value, n: c.n, group: c.group }));
  const ref = useChart(
    (canvas) =>
      new Chart(canvas, {
        type: 'matrix',
        data: {
          datasets: [
            {
              label: t('kpiNames.clock_breached_share'),
              data,
              backgroundColor: (ctx) => {
                const v = (ctx.raw as { v?: number } | undefined)?.v ?? 0;
                return `rgba(164, 14, 38, ${0.08 + 0.92 * v})`;
              },
              borderColor: '#d0d7de',
              borderWidth: 1,
              width: ({ chart }) => (chart.chartArea?.width ?? 0) / Math.max(1, clocks.length) - 2,
              height: ({ chart }) => (chart.chartArea?.height ?? 0) / Math.max(1, rows.length) - 2,
            },
          ],
        },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          onClick: (_e, elements) => {
            const hit = elements[0];
            if (hit) onPick(data[hit.index]!.group);
          },
          scales: {
            x: { type: 'category', labels: clocks.map(clockLabel), reverse: rtl, offset: true, grid: { display: false }, ticks: { maxRotation: 60, minRotation: 30 } },
            y: { type: 'category', labels: rows.map((r) => f.place(r)), offset: true, position: rtl ? 'right' : 'left', grid: { display: false } },
          },
          plugins: {
            legend: { display: false },
            tooltip: {
              rtl,
              textDirection: rtl ? 'rtl' : 'ltr',
              callbacks: { label: (ctx) => { const r = ctx.raw as { x: string; y: string; v: number; n: number }; return `${r.y} · ${r.x}: ${f.number(Math.round(r.v * 1000) / 10)}% (${t('kpis.basedOn', { n: f.number(r.n) })})`; } },
            },
          },
        },
      }),
    [JSON.stringify(data), rtl],
    i18n.language,
  );
  if (cells.length === 0) return <p className="muted">{t('kpis.noHeatmap')}</p>;
  return (
    <>
      <div className="chart-box heatmap" style={{ height: `${Math.max(220, rows.length * 34 + 140)}px` }} data-testid="kpi-heatmap" data-cells={cells.length}>
        <canvas ref={ref} role="img" aria-labelledby={labelledBy} />
      </div>
      {/* The same cells as buttons: a keyboard or screen-reader user drills down from here. */}
      <details>
        <summary>{t('kpis.heatmapCells')}</summary>
        <ul className="plain heat-cells">
          {cells.map((c, i) => (
            <li key={i}>
              <button type="button" className="link" onClick={() => onPick(c.group)} data-testid="heat-cell">
                {f.place(c.group[dim]!)} · {clockLabel(c.group.clock!)}: {f.number(Math.round(c.value * 1000) / 10)}%
              </button>
            </li>
          ))}
        </ul>
      </details>
    </>
  );
}
