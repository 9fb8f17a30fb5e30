// Charts drawn as PDF vector paths (rectangles, arcs), never images: sharp in print and light in size.
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
import { winAnsi } from './pdf-text';

const REGULAR = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const TITLE_SIZE = 9.5;
const LABEL_SIZE = 7.5;
const TITLE_HEIGHT = 18;
const ROW_HEIGHT = 22;
const BAR_HEIGHT = 11;
const AXIS_HEIGHT = 14;
const LEGEND_ROW = 13;
const RING_OUTER = 42;
const RING_INNER = 28;
const EMPTY_HEIGHT = 20;

/** The height a chart takes at the given width, so the caller can keep it on one page. */
export function chartHeight(doc: PDFKit.PDFDocument, chart: Chart, width: number): number {
  if (!chartHasData(chart)) return TITLE_HEIGHT + EMPTY_HEIGHT;
  switch (chart.type) {
    case 'stacked-bars':
      return (
        TITLE_HEIGHT + legendRows(doc, chart, width) * LEGEND_ROW + 4 + chart.bars.length * ROW_HEIGHT + AXIS_HEIGHT
      );
    case 'bars':
      return TITLE_HEIGHT + chart.bars.length * ROW_HEIGHT + AXIS_HEIGHT;
    case 'rate':
      return TITLE_HEIGHT + Math.max(2 * RING_OUTER + 8, captionHeight(doc, chart, width) + 8);
  }
}

/** Draws the chart with its title at (x, y); `noData` is written in place of a chart with nothing to show. */
export function drawChart(
  doc: PDFKit.PDFDocument,
  chart: Chart,
  x: number,
  y: number,
  width: number,
  noData: string,
): void {
  doc
    .font(BOLD)
    .fontSize(TITLE_SIZE)
    .fillColor(INK_COLOR)
    .text(winAnsi(chart.title), x, y, { width, height: TITLE_HEIGHT, ellipsis: true, lineBreak: true });
  const top = y + TITLE_HEIGHT;
  if (!chartHasData(chart)) {
    doc
      .font(REGULAR)
      .fontSize(LABEL_SIZE + 0.5)
      .fillColor(MUTED_COLOR)
      .text(winAnsi(noData), x, top + 4, { width });
    return;
  }
  switch (chart.type) {
    case 'stacked-bars':
      drawStackedBars(doc, chart, x, top, width);
      break;
    case 'bars':
      drawBars(doc, chart, x, top, width);
      break;
    case 'rate':
      drawRate(doc, chart, x, top, width);
      break;
  }
}

interface BarArea {
  labelWidth: number;
  barX: number;
  barWidth: number;
}

function barArea(x: number, width: number): BarArea {
  const labelWidth = Math.min(width * 0.38, 190);
  const barX = x + labelWidth + 8;
  // Room on the right for the total of the longest bar.
  return { labelWidth, barX, barWidth: x + width - barX - 28 };
}

function legendRows(doc: PDFKit.PDFDocument, chart: StackedBarChart, width: number): number {
  return legendLayout(doc, chart, width).rows;
}

function legendLayout(
  doc: PDFKit.PDFDocument,
  chart: StackedBarChart,
  width: number,
): { rows: number; items: { dx: number; row: number }[] } {
  doc.font(REGULAR).fontSize(LABEL_SIZE);
  let dx = 0;
  let row = 0;
  const items = chart.series.map((s) => {
    const itemWidth = 10 + doc.widthOfString(winAnsi(s.label)) + 12;
    if (dx > 0 && dx + itemWidth > width) {
      row += 1;
      dx = 0;
    }
    const item = { dx, row };
    dx += itemWidth;
    return item;
  });
  return { rows: row + 1, items };
}

function drawStackedBars(doc: PDFKit.PDFDocument, chart: StackedBarChart, x: number, y: number, width: number): void {
  const legend = legendLayout(doc, chart, width);
  chart.series.forEach((s, i) => {
    const { dx, row } = legend.items[i];
    const ly = y + row * LEGEND_ROW;
    doc.rect(x + dx, ly + 1, 7, 7).fill(s.color);
    doc
      .font(REGULAR)
      .fontSize(LABEL_SIZE)
      .fillColor(INK_COLOR)
      .text(winAnsi(s.label), x + dx + 10, ly, { lineBreak: false });
  });
  const top = y + legend.rows * LEGEND_ROW + 4;
  const area = barArea(x, width);
  const axis = axisMax(Math.max(...chart.bars.map((b) => b.total)));
  drawGrid(doc, area, top, chart.bars.length * ROW_HEIGHT, axis);
  chart.bars.forEach((bar, i) => {
    const rowY = top + i * ROW_HEIGHT;
    drawBarLabel(doc, bar.label, x, rowY, area.labelWidth);
    let offset = 0;
    const barY = rowY + (ROW_HEIGHT - BAR_HEIGHT) / 2;
    bar.values.forEach((value, s) => {
      if (value <= 0) return;
      const w = (value / axis.max) * area.barWidth;
      doc.rect(area.barX + offset, barY, w, BAR_HEIGHT).fill(chart.series[s].color);
      offset += w;
    });
    doc
      .font(BOLD)
      .fontSize(LABEL_SIZE)
      .fillColor(INK_COLOR)
      .text(winAnsi(bar.totalLabel), area.barX + offset + 3, barY + 2, { lineBreak: false });
  });
}

function drawBars(doc: PDFKit.PDFDocument, chart: BarChart, x: number, y: number, width: number): void {
  const area = barArea(x, width);
  const axis = axisMax(Math.max(...chart.bars.map((b) => b.value)));
  drawGrid(doc, area, y, chart.bars.length * ROW_HEIGHT, axis);
  chart.bars.forEach((bar, i) => {
    const rowY = y + i * ROW_HEIGHT;
    drawBarLabel(doc, bar.label, x, rowY, area.labelWidth);
    const barY = rowY + (ROW_HEIGHT - BAR_HEIGHT) / 2;
    const w = (bar.value / axis.max) * area.barWidth;
    if (w > 0) doc.rect(area.barX, barY, w, BAR_HEIGHT).fill(bar.color);
    doc
      .font(BOLD)
      .fontSize(LABEL_SIZE)
      .fillColor(INK_COLOR)
      .text(winAnsi(bar.valueLabel), area.barX + w + 3, barY + 2, { lineBreak: false });
  });
}

/** Vertical gridlines on whole steps, with their values under the bars. */
function drawGrid(
  doc: PDFKit.PDFDocument,
  area: BarArea,
  top: number,
  height: number,
  axis: { max: number; step: number },
): void {
  doc.lineWidth(0.4).strokeColor(RULE_COLOR);
  for (let v = 0; v <= axis.max; v += axis.step) {
    const gx = area.barX + (v / axis.max) * area.barWidth;
    doc
      .moveTo(gx, top)
      .lineTo(gx, top + height)
      .stroke();
    doc
      .font(REGULAR)
      .fontSize(LABEL_SIZE - 1)
      .fillColor(MUTED_COLOR)
      .text(String(v), gx - 15, top + height + 3, { width: 30, align: 'center', lineBreak: false });
  }
}

function drawBarLabel(doc: PDFKit.PDFDocument, label: string, x: number, rowY: number, width: number): void {
  doc.font(REGULAR).fontSize(LABEL_SIZE).fillColor(INK_COLOR);
  const text = winAnsi(label);
  const height = Math.min(doc.heightOfString(text, { width }), ROW_HEIGHT - 2);
  doc.text(text, x, rowY + (ROW_HEIGHT - height) / 2, {
    width,
    height: ROW_HEIGHT - 2,
    ellipsis: true,
    align: 'right',
  });
}

function captionHeight(doc: PDFKit.PDFDocument, chart: RateChart, width: number): number {
  doc.font(REGULAR).fontSize(LABEL_SIZE);
  return doc.heightOfString(winAnsi(chart.caption), { width: Math.max(60, width - 2 * RING_OUTER - 16) });
}

function drawRate(doc: PDFKit.PDFDocument, chart: RateChart, x: number, y: number, width: number): void {
  const rate = Math.min(1, Math.max(0, chart.rate ?? 0));
  const cx = x + RING_OUTER;
  const cy = y + RING_OUTER + 2;
  doc.circle(cx, cy, RING_OUTER).circle(cx, cy, RING_INNER).fill(TRACK_COLOR, 'even-odd');
  if (rate >= 0.9995) {
    doc.circle(cx, cy, RING_OUTER).circle(cx, cy, RING_INNER).fill(RATE_COLOR, 'even-odd');
  } else if (rate > 0) {
    doc.path(ringSegment(cx, cy, rate)).fill(RATE_COLOR);
  }
  doc
    .font(BOLD)
    .fontSize(13)
    .fillColor(INK_COLOR)
    .text(winAnsi(chart.rateLabel), cx - RING_INNER, cy - 7, { width: 2 * RING_INNER, align: 'center' });
  const captionX = x + 2 * RING_OUTER + 16;
  doc
    .font(REGULAR)
    .fontSize(LABEL_SIZE)
    .fillColor(MUTED_COLOR)
    .text(winAnsi(chart.caption), captionX, cy - 12, { width: Math.max(60, x + width - captionX) });
}

/** The ring's filled part, clockwise from twelve o'clock, as an SVG path pdfkit turns into PDF curves. */
export function ringSegment(cx: number, cy: number, rate: number, outer = RING_OUTER, inner = RING_INNER): string {
  const angle = rate * 2 * Math.PI;
  const large = rate > 0.5 ? 1 : 0;
  const point = (r: number) => [cx + r * Math.sin(angle), cy - r * Math.cos(angle)].map((n) => n.toFixed(2));
  const [ox, oy] = point(outer);
  const [ix, iy] = point(inner);
  return [
    `M ${cx} ${cy - outer}`,
    `A ${outer} ${outer} 0 ${large} 1 ${ox} ${oy}`,
    `L ${ix} ${iy}`,
    `A ${inner} ${inner} 0 ${large} 0 ${cx} ${cy - inner}`,
    'Z',
  ].join(' ');
}
