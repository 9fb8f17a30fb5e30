// Charts as inline SVG for the HTML report: vector, self-contained, printable, described for screen readers.
import escapeHtml from 'escape-html';
import {
  axisMax,
  type BarChart,
  type Chart,
  chartHasData,
  INK_COLOR,
  MUTED_COLOR,
  RATE_COLOR,
  type RateChart,
  RULE_COLOR,
  type StackedBarChart,
  TRACK_COLOR,
} from './report-charts';

const WIDTH = 640;
const LABEL_WIDTH = 230;
const BAR_X = LABEL_WIDTH + 10;
const BAR_WIDTH = WIDTH - BAR_X - 40;
const ROW = 26;
const BAR = 14;
const LEGEND = 22;
const AXIS = 18;

/** An SVG for the chart, or a short note when it has nothing to show. */
export function svgChart(chart: Chart, noData: string): string {
  const title = `<figcaption>${escapeHtml(chart.title)}</figcaption>`;
  if (!chartHasData(chart)) return `<figure class="chart">${title}<p class="muted">${escapeHtml(noData)}</p></figure>`;
  let svg: string;
  switch (chart.type) {
    case 'stacked-bars':
      svg = stackedBars(chart);
      break;
    case 'bars':
      svg = bars(chart);
      break;
    case 'rate':
      svg = rate(chart);
      break;
  }
  return `<figure class="chart chart-${chart.type}">${title}${svg}</figure>`;
}

function open(width: number, height: number, label: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeHtml(label)}" font-family="Helvetica, Arial, sans-serif" font-size="11">`;
}

function text(x: number, y: number, content: string, attrs = ''): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}"${attrs ? ` ${attrs}` : ''}>${escapeHtml(content)}</text>`;
}

function grid(top: number, height: number, max: number, step: number): string {
  const parts: string[] = [];
  for (let v = 0; v <= max; v += step) {
    const x = BAR_X + (v / max) * BAR_WIDTH;
    parts.push(
      `<line x1="${x.toFixed(1)}" y1="${top}" x2="${x.toFixed(1)}" y2="${top + height}" stroke="${RULE_COLOR}" stroke-width="0.6"/>`,
      text(x, top + height + 13, String(v), `text-anchor="middle" fill="${MUTED_COLOR}" font-size="9"`),
    );
  }
  return parts.join('');
}

/** A bar's label, right-aligned before the bar on at most two lines (SVG text does not wrap by itself). */
function barLabel(y: number, label: string): string {
  const lines = wrap(label, 40);
  const attrs = `text-anchor="end" fill="${INK_COLOR}" font-size="${lines.length > 1 ? 9.5 : 11}"`;
  if (lines.length === 1) return text(LABEL_WIDTH, y + ROW / 2 + 4, label, attrs);
  // One text element per line: tspans with dy are drawn inconsistently across SVG renderers.
  const [first, second] = lines;
  return `<g><title>${escapeHtml(label)}</title>${text(LABEL_WIDTH, y + ROW / 2 - 1.5, first, attrs)}${text(
    LABEL_WIDTH,
    y + ROW / 2 + 9.5,
    second,
    attrs,
  )}</g>`;
}

/** Words into at most two lines of about `max` characters, the second cut with an ellipsis if need be. */
function wrap(label: string, max: number): string[] {
  if (label.length <= max) return [label];
  const words = label.split(/\s+/);
  let first = '';
  while (words.length > 0 && (first === '' || `${first} ${words[0]}`.length <= max)) {
    first = first === '' ? (words.shift() ?? '') : `${first} ${words.shift() ?? ''}`;
  }
  const rest = words.join(' ');
  return [first, rest.length > max ? `${rest.slice(0, max - 1).trimEnd()}…` : rest].filter((l) => l !== '');
}

function stackedBars(chart: StackedBarChart): string {
  const parts: string[] = [];
  let lx = 0;
  for (const s of chart.series) {
    parts.push(
      `<rect x="${lx}" y="4" width="10" height="10" fill="${s.color}"/>`,
      text(lx + 14, 13, s.label, `fill="${INK_COLOR}"`),
    );
    lx += 14 + s.label.length * 6.5 + 16;
  }
  const top = LEGEND;
  const { max, step } = axisMax(Math.max(...chart.bars.map((b) => b.total)));
  parts.push(grid(top, chart.bars.length * ROW, max, step));
  chart.bars.forEach((bar, i) => {
    const y = top + i * ROW;
    parts.push(barLabel(y, bar.label));
    let x = BAR_X;
    bar.values.forEach((value, s) => {
      if (value <= 0) return;
      const w = (value / max) * BAR_WIDTH;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y + (ROW - BAR) / 2}" width="${w.toFixed(1)}" height="${BAR}" fill="${chart.series[s].color}"><title>${escapeHtml(`${chart.series[s].label}: ${value}`)}</title></rect>`,
      );
      x += w;
    });
    parts.push(text(x + 4, y + ROW / 2 + 4, bar.totalLabel, `font-weight="bold" fill="${INK_COLOR}"`));
  });
  const height = top + chart.bars.length * ROW + AXIS;
  return `${open(WIDTH, height, chart.title)}${parts.join('')}</svg>`;
}

function bars(chart: BarChart): string {
  const parts: string[] = [];
  const { max, step } = axisMax(Math.max(...chart.bars.map((b) => b.value)));
  parts.push(grid(0, chart.bars.length * ROW, max, step));
  chart.bars.forEach((bar, i) => {
    const y = i * ROW;
    const w = (bar.value / max) * BAR_WIDTH;
    parts.push(barLabel(y, bar.label));
    if (w > 0) {
      parts.push(
        `<rect x="${BAR_X}" y="${y + (ROW - BAR) / 2}" width="${w.toFixed(1)}" height="${BAR}" fill="${bar.color}"/>`,
      );
    }
    parts.push(text(BAR_X + w + 4, y + ROW / 2 + 4, bar.valueLabel, `font-weight="bold" fill="${INK_COLOR}"`));
  });
  const height = chart.bars.length * ROW + AXIS;
  return `${open(WIDTH, height, chart.title)}${parts.join('')}</svg>`;
}

function rate(chart: RateChart): string {
  const r = 42;
  const stroke = 16;
  const c = 2 * Math.PI * r;
  const share = Math.min(1, Math.max(0, chart.rate ?? 0));
  // A circle's dash drawn from twelve o'clock clockwise: the simplest exact ring segment in SVG.
  const ring =
    `<circle cx="60" cy="60" r="${r}" fill="none" stroke="${TRACK_COLOR}" stroke-width="${stroke}"/>` +
    `<circle cx="60" cy="60" r="${r}" fill="none" stroke="${RATE_COLOR}" stroke-width="${stroke}" ` +
    `stroke-dasharray="${(share * c).toFixed(2)} ${c.toFixed(2)}" transform="rotate(-90 60 60)"/>`;
  const label = text(
    60,
    66,
    chart.rateLabel,
    `text-anchor="middle" font-size="17" font-weight="bold" fill="${INK_COLOR}"`,
  );
  return `<div class="rate">${open(120, 120, `${chart.title}: ${chart.rateLabel}`)}${ring}${label}</svg><p class="muted">${escapeHtml(chart.caption)}</p></div>`;
}
