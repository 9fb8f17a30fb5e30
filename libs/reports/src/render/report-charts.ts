// The charts of a report as plain data (labels already in the locale); the PDF and HTML renderers draw them.
import type { FocusAreaCounts, RecommendationFigures } from '../report-data';
import type { ReportFormatter } from './report-formatter';

export interface ChartSeries {
  label: string;
  color: string;
}

/** One horizontal bar per category, split into the series (findings of each rating per focus area). */
export interface StackedBarChart {
  type: 'stacked-bars';
  title: string;
  series: ChartSeries[];
  bars: { label: string; values: number[]; total: number; totalLabel: string }[];
}

/** One horizontal bar per category, each in its own colour (deliverables per status). */
export interface BarChart {
  type: 'bars';
  title: string;
  bars: { label: string; value: number; valueLabel: string; color: string }[];
}

/** A share shown as a ring (the implementation rate); null when there is nothing to measure. */
export interface RateChart {
  type: 'rate';
  title: string;
  rate: number | null;
  rateLabel: string;
  caption: string;
}

export type Chart = StackedBarChart | BarChart | RateChart;

/** Ratings from cool to hot; the steps also differ in lightness, so a grey print still tells them apart. */
export const RATING_COLORS = {
  low: '#7fb77e',
  medium: '#f2c14e',
  high: '#e07a2f',
  critical: '#a4161a',
} as const;

export const STATUS_COLORS: Readonly<Record<string, string>> = {
  planned: '#b8c4d0',
  in_progress: '#4a87c5',
  in_review: '#8467b0',
  delivered: '#2f8f4e',
  cancelled: '#7a7a7a',
};
const OTHER_COLOR = '#9e9e9e';
export const RATE_COLOR = '#2f8f4e';
export const TRACK_COLOR = '#e4e7eb';
export const INK_COLOR = '#1f2933';
export const MUTED_COLOR = '#616e7c';
export const RULE_COLOR = '#cbd2d9';
export const ACCENT_COLOR = '#1d4e89';

const RATINGS = ['low', 'medium', 'high', 'critical'] as const;

/** Findings per focus area, stacked by rating; focus areas without findings are left out. */
export function findingsChart(counts: readonly FocusAreaCounts[], fmt: ReportFormatter): StackedBarChart {
  return {
    type: 'stacked-bars',
    title: fmt.dict.charts.findingsByFocusArea,
    series: RATINGS.map((r) => ({ label: fmt.dict.ratings[r], color: RATING_COLORS[r] })),
    bars: counts
      .filter((c) => c.total > 0)
      .map((c) => ({
        label: c.name,
        values: RATINGS.map((r) => c[r]),
        total: c.total,
        totalLabel: fmt.integer(c.total),
      })),
  };
}

/** Deliverables per status, in workflow order, statuses nobody is in left out. */
export function deliverablesChart(statuses: readonly string[], fmt: ReportFormatter): BarChart {
  const counts = new Map<string, number>();
  for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
  const order = Object.keys(fmt.dict.deliverableStatuses);
  const known = order.filter((s) => counts.has(s));
  const unknown = [...counts.keys()].filter((s) => !order.includes(s)).sort();
  return {
    type: 'bars',
    title: fmt.dict.charts.deliverablesByStatus,
    bars: [...known, ...unknown].map((status) => ({
      label: fmt.label(fmt.dict.deliverableStatuses, status),
      value: counts.get(status) ?? 0,
      valueLabel: fmt.integer(counts.get(status) ?? 0),
      color: STATUS_COLORS[status] ?? OTHER_COLOR,
    })),
  };
}

export function rateChart(figures: RecommendationFigures, fmt: ReportFormatter): RateChart {
  return {
    type: 'rate',
    title: fmt.dict.charts.implementationRate,
    rate: figures.implementationRate,
    rateLabel: fmt.percent(figures.implementationRate),
    caption: fmt.dict.charts.rateCaption,
  };
}

/** Whether a chart has anything to draw. */
export function chartHasData(chart: Chart): boolean {
  switch (chart.type) {
    case 'stacked-bars':
      return chart.bars.some((b) => b.total > 0);
    case 'bars':
      return chart.bars.some((b) => b.value > 0);
    case 'rate':
      return chart.rate !== null;
  }
}

/** A round maximum for a bar axis, so that gridlines fall on whole numbers. */
export function axisMax(max: number): { max: number; step: number } {
  if (max <= 0) return { max: 1, step: 1 };
  const rough = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude;
  const wholeStep = Math.max(1, Math.round(step));
  return { max: Math.ceil(max / wholeStep) * wholeStep, step: wholeStep };
}
