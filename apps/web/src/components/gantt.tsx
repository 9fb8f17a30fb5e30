// The review's timeline as a Gantt chart (SVG): workshops as bars over their days, milestones at month, quarter,
// season or year precision as a band over their whole period and at day precision as a diamond, deliverables as a
// dot on their due day, and a line for today. Each mark has a text equivalent (its <title>), and the page lists
// every item in a table as well.
import { type RefObject, useEffect, useRef, useState } from 'react';
import type { TimelineItem } from '../api/types';
import { type Translate, useT } from '../i18n/i18n';
import { DELIVERABLE_COLORS, MILESTONE_COLORS, WORKSHOP_COLOR } from '../lib/colors';
import { addDays, dayToMs, monthStart } from '../lib/dates';
import { useFormat } from '../lib/format';

const LABEL_WIDTH = 240;
const ROW = 30;
const HEADER = 40;
const MIN_WIDTH = 720;
const TODAY_REACH_DAYS = 120;

/** The element's width, following window and layout changes. */
function useWidth<T extends HTMLElement>(): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(MIN_WIDTH);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) =>
      setWidth(Math.max(MIN_WIDTH, Math.floor(entry.contentRect.width))),
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

function colorOf(item: TimelineItem): string {
  if (item.type === 'workshop') return WORKSHOP_COLOR;
  if (item.type === 'deliverable')
    return DELIVERABLE_COLORS[item.status as keyof typeof DELIVERABLE_COLORS] ?? '#52606d';
  return MILESTONE_COLORS[item.status as keyof typeof MILESTONE_COLORS] ?? MILESTONE_COLORS.upcoming;
}

const TIMELINE_STATUSES = [
  'achieved',
  'late',
  'upcoming',
  'held',
  'planned',
  'in_progress',
  'in_review',
  'delivered',
  'cancelled',
] as const;

/** The api words the status by item type (a milestone's state, a deliverable's workflow status, a workshop's). */
export function timelineStatus(t: Translate, status: string): string {
  const known = TIMELINE_STATUSES.find((s) => s === status);
  return known ? t(`timeline.status.${known}`) : status;
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function Gantt({ items, today }: { items: TimelineItem[]; today: string }) {
  const t = useT();
  const format = useFormat();
  const [container, width] = useWidth<HTMLDivElement>();

  const itemsFirst = items.reduce((min, i) => (i.date < min ? i.date : min), items[0].date);
  const itemsLast = items.reduce((max, i) => (i.endDate > max ? i.endDate : max), items[0].endDate);
  // Today joins the chart when it is near the review's dates; a review long over is not squeezed to reach it.
  const showToday = today >= addDays(itemsFirst, -TODAY_REACH_DAYS) && today <= addDays(itemsLast, TODAY_REACH_DAYS);
  const first = showToday && today < itemsFirst ? today : itemsFirst;
  const last = showToday && today > itemsLast ? today : itemsLast;
  const start = monthStart(first);
  const end = monthStart(last, 1);
  const startMs = dayToMs(start);
  const span = dayToMs(end) - startMs;
  const plotWidth = width - LABEL_WIDTH - 16;
  const x = (day: string) => LABEL_WIDTH + ((dayToMs(day) - startMs) / span) * plotWidth;
  const height = HEADER + items.length * ROW + 8;

  const months: string[] = [];
  for (let m = start; m < end; m = monthStart(m, 1)) months.push(m);
  // Keep month labels legible however long the review runs: at most about one label per 70 pixels.
  const labelEvery = Math.max(1, Math.ceil((months.length * 70) / plotWidth));

  const describe = (item: TimelineItem) =>
    [item.title, t(`timeline.type.${item.type}`), item.label, timelineStatus(t, item.status)].join(' · ');

  return (
    <div className="gantt" ref={container}>
      <svg
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby="gantt-title gantt-desc"
        className="gantt-svg"
      >
        <title id="gantt-title">{t('timeline.chartTitle')}</title>
        <desc id="gantt-desc">
          {t('timeline.chartDescription', {
            count: items.length,
            from: format.day(start),
            to: format.day(addDays(end, -1)),
          })}
        </desc>
        {items.map((item, i) => (
          <rect
            key={`zebra-${item.type}-${item.id}`}
            x={0}
            y={HEADER + i * ROW}
            width={width}
            height={ROW}
            fill={i % 2 === 0 ? '#f6f8fa' : '#ffffff'}
          />
        ))}
        {months.map((m, i) => (
          <g key={m}>
            <line x1={x(m)} x2={x(m)} y1={HEADER - 8} y2={height} stroke="#d5dbe1" />
            {i % labelEvery === 0 && (
              <text x={x(m) + 4} y={HEADER - 14} className="gantt-month">
                {format.monthYear(m)}
              </text>
            )}
          </g>
        ))}
        {items.map((item, i) => {
          const y = HEADER + i * ROW;
          const mid = y + ROW / 2;
          const color = colorOf(item);
          const x0 = x(item.date);
          const x1 = Math.max(x(addDays(item.endDate, 1)), x0 + 3);
          let mark;
          if (item.type === 'milestone' && item.precision === 'day') {
            const cx = (x0 + x1) / 2;
            mark = (
              <path d={`M ${cx} ${mid - 8} L ${cx + 8} ${mid} L ${cx} ${mid + 8} L ${cx - 8} ${mid} Z`} fill={color} />
            );
          } else if (item.type === 'milestone') {
            mark = (
              <rect
                x={x0}
                y={mid - 8}
                width={x1 - x0}
                height={16}
                rx={3}
                fill={color}
                fillOpacity={0.22}
                stroke={color}
                strokeWidth={2}
              />
            );
          } else if (item.type === 'deliverable') {
            mark = <circle cx={(x0 + x1) / 2} cy={mid} r={6} fill={color} stroke="#fff" strokeWidth={1.5} />;
          } else {
            mark = <rect x={x0} y={mid - 7} width={x1 - x0} height={14} rx={3} fill={color} />;
          }
          const actual =
            item.type === 'milestone' && item.actualOn ? (
              <circle cx={x(item.actualOn)} cy={mid} r={3.5} fill="#1b2430" />
            ) : null;
          return (
            <g key={`${item.type}-${item.id}`} className="gantt-row">
              <title>{describe(item)}</title>
              <text x={8} y={mid + 4} className="gantt-label">
                {shorten(item.title, 34)}
              </text>
              {mark}
              {actual}
            </g>
          );
        })}
        {showToday && (
          <g>
            <line
              x1={x(today)}
              x2={x(today)}
              y1={HEADER - 8}
              y2={height}
              stroke="#b3001b"
              strokeWidth={2}
              strokeDasharray="5 3"
            />
            <text x={x(today) + 4} y={12} className="gantt-today">
              {t('timeline.today')}
            </text>
          </g>
        )}
      </svg>
    </div>
  );
}

/** What the marks mean, drawn with the same shapes. */
export function GanttLegend() {
  const t = useT();
  return (
    <ul className="gantt-legend">
      <li>
        <svg width="18" height="18" aria-hidden="true">
          <path d="M 9 1 L 17 9 L 9 17 L 1 9 Z" fill={MILESTONE_COLORS.upcoming} />
        </svg>
        {t('timeline.legend.dayMilestone')}
      </li>
      <li>
        <svg width="30" height="18" aria-hidden="true">
          <rect
            x="1"
            y="2"
            width="28"
            height="14"
            rx="3"
            fill={MILESTONE_COLORS.upcoming}
            fillOpacity={0.22}
            stroke={MILESTONE_COLORS.upcoming}
            strokeWidth="2"
          />
        </svg>
        {t('timeline.legend.periodMilestone')}
      </li>
      <li>
        <svg width="18" height="18" aria-hidden="true">
          <circle cx="9" cy="9" r="6" fill={DELIVERABLE_COLORS.in_progress} />
        </svg>
        {t('timeline.legend.deliverable')}
      </li>
      <li>
        <svg width="30" height="18" aria-hidden="true">
          <rect x="1" y="2" width="28" height="14" rx="3" fill={WORKSHOP_COLOR} />
        </svg>
        {t('timeline.legend.workshop')}
      </li>
      <li>
        <svg width="14" height="18" aria-hidden="true">
          <line x1="7" x2="7" y1="0" y2="18" stroke="#b3001b" strokeWidth="2" strokeDasharray="5 3" />
        </svg>
        {t('timeline.legend.today')}
      </li>
      <li>
        <span className="legend-swatch" style={{ backgroundColor: MILESTONE_COLORS.achieved }} />
        {t('timeline.status.achieved')}
        <span className="legend-swatch" style={{ backgroundColor: MILESTONE_COLORS.late }} />
        {t('timeline.status.late')}
        <span className="legend-swatch" style={{ backgroundColor: MILESTONE_COLORS.upcoming }} />
        {t('timeline.status.upcoming')}
      </li>
    </ul>
  );
}
