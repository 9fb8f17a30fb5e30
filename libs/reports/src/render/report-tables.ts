// The tabular reports (milestone, findings) as typed tables, raw values kept raw: the CSV and XLSX writers type them.
import type { FindingLine, FindingsReportData, MilestoneReportData } from '../report-data';
import type { ReportFormatter } from './report-formatter';
import { milestoneState } from './report-outline';

/** How a column's values are written: dates are ISO days, percents are shares (0.625 for 62.5 %). */
export type CellKind = 'text' | 'date' | 'integer' | 'decimal' | 'percent';

export interface TabularColumn {
  header: string;
  kind: CellKind;
  /** Width in characters (XLSX). */
  width: number;
}

/** A cell of another kind than its column's (a percentage in a column of counts). */
export interface TypedValue {
  kind: CellKind;
  value: string | number;
}

export type TabularValue = string | number | null | TypedValue;

export interface TabularTable {
  /** Localized; also the worksheet's name. */
  name: string;
  columns: TabularColumn[];
  rows: TabularValue[][];
}

const RATINGS = ['low', 'medium', 'high', 'critical'] as const;

const col = (header: string, kind: CellKind, width: number): TabularColumn => ({ header, kind, width });

/** One row per deliverable, milestone and workshop held, told apart by the `type` column. */
export function milestoneCsvTable(data: MilestoneReportData, fmt: ReportFormatter): TabularTable {
  const { dict } = fmt;
  const c = dict.columns;
  const types = dict.itemTypes;
  return {
    name: dict.kinds.milestone,
    columns: [
      col(c.type, 'text', 14),
      col(c.title, 'text', 50),
      col(c.detail, 'text', 24),
      col(c.component, 'text', 28),
      col(c.owner, 'text', 22),
      col(c.status, 'text', 16),
      col(c.date, 'date', 12),
      col(c.planned, 'text', 18),
      col(c.endDate, 'date', 12),
      col(c.completedOn, 'date', 12),
      col(c.daysLate, 'integer', 10),
      col(c.location, 'text', 24),
      col(c.participants, 'integer', 12),
      col(c.attended, 'integer', 12),
      col(c.satisfaction, 'decimal', 12),
    ],
    rows: [
      ...data.deliverables.map((d) => [
        types.deliverable,
        d.title,
        fmt.label(dict.deliverableKinds, d.kind),
        d.component,
        d.owner,
        fmt.label(dict.deliverableStatuses, d.status),
        d.dueOn,
        null,
        null,
        d.deliveredOn,
        d.daysLate,
        null,
        null,
        null,
        null,
      ]),
      ...data.milestones.map((m) => [
        types.milestone,
        m.title,
        null,
        null,
        null,
        fmt.label(dict.milestoneStates, milestoneState(m.actualOn, m.slippageDays)),
        m.plannedOn,
        fmt.planned(m.plannedOn, m.precision),
        m.plannedEnd,
        m.actualOn,
        m.slippageDays,
        null,
        null,
        null,
        null,
      ]),
      ...data.workshopsHeld.map((w) => [
        types.workshop,
        w.title,
        w.topic,
        null,
        null,
        null,
        w.startsOn,
        null,
        w.endsOn,
        null,
        null,
        w.location,
        w.participants,
        w.attended,
        w.satisfaction,
      ]),
    ],
  };
}

/** The milestone report as a workbook: a sheet per table of the PDF. */
export function milestoneSheets(data: MilestoneReportData, fmt: ReportFormatter): TabularTable[] {
  const { dict } = fmt;
  const c = dict.columns;
  const f = dict.figures;
  const r = data.recommendations;
  const statuses = [
    ...Object.keys(dict.followUpStatuses),
    ...Object.keys(r.byStatus)
      .filter((s) => !Object.hasOwn(dict.followUpStatuses, s))
      .sort(),
  ];
  return [
    {
      name: dict.sheets.summary,
      columns: [col(c.figure, 'text', 36), col(c.value, 'integer', 14)],
      rows: [
        [f.deliverables, data.deliverables.length],
        [f.deliverablesDelivered, data.deliverables.filter((d) => d.status === 'delivered').length],
        [f.deliverablesLate, data.deliverables.filter((d) => d.daysLate > 0).length],
        [f.milestones, data.milestones.length],
        [f.milestonesAchieved, data.milestones.filter((m) => m.actualOn !== null).length],
        [f.milestonesLate, data.milestones.filter((m) => milestoneState(m.actualOn, m.slippageDays) === 'late').length],
        [f.workshopsHeld, data.workshopsHeld.length],
        [f.participants, data.workshopsHeld.reduce((sum, w) => sum + w.attended, 0)],
        [f.findings, data.findingsTotal.total],
        [f.recommendations, r.total],
        [f.implementationRate, r.implementationRate === null ? null : { kind: 'percent', value: r.implementationRate }],
        [f.overdueRecommendations, r.overdue],
      ],
    },
    {
      name: dict.sheets.deliverables,
      columns: [
        col(c.title, 'text', 50),
        col(c.kind, 'text', 16),
        col(c.component, 'text', 28),
        col(c.owner, 'text', 22),
        col(c.dueOn, 'date', 12),
        col(c.status, 'text', 16),
        col(c.deliveredOn, 'date', 12),
        col(c.daysLate, 'integer', 10),
      ],
      rows: data.deliverables.map((d) => [
        d.title,
        fmt.label(dict.deliverableKinds, d.kind),
        d.component,
        d.owner,
        d.dueOn,
        fmt.label(dict.deliverableStatuses, d.status),
        d.deliveredOn,
        d.daysLate,
      ]),
    },
    {
      name: dict.sheets.milestones,
      columns: [
        col(c.title, 'text', 56),
        col(c.planned, 'text', 20),
        col(c.plannedOn, 'date', 12),
        col(c.plannedEnd, 'date', 12),
        col(c.actualOn, 'date', 12),
        col(c.slippageDays, 'integer', 12),
        col(c.state, 'text', 14),
      ],
      rows: data.milestones.map((m) => [
        m.title,
        fmt.planned(m.plannedOn, m.precision),
        m.plannedOn,
        m.plannedEnd,
        m.actualOn,
        m.slippageDays,
        fmt.label(dict.milestoneStates, milestoneState(m.actualOn, m.slippageDays)),
      ]),
    },
    {
      name: dict.sheets.workshops,
      columns: [
        col(c.title, 'text', 44),
        col(c.topic, 'text', 40),
        col(c.startsOn, 'date', 12),
        col(c.endsOn, 'date', 12),
        col(c.location, 'text', 24),
        col(c.participants, 'integer', 12),
        col(c.attended, 'integer', 12),
        col(c.satisfaction, 'decimal', 12),
      ],
      rows: data.workshopsHeld.map((w) => [
        w.title,
        w.topic,
        w.startsOn,
        w.endsOn,
        w.location,
        w.participants,
        w.attended,
        w.satisfaction,
      ]),
    },
    {
      name: dict.sheets.findingsByFocusArea,
      columns: [
        col(c.focusArea, 'text', 48),
        ...RATINGS.map((rating) => col(dict.ratings[rating], 'integer', 10)),
        col(dict.total, 'integer', 10),
      ],
      rows: data.findingsByFocusArea.map((a) => [a.name, ...RATINGS.map((rating) => a[rating]), a.total]),
    },
    {
      name: dict.sheets.recommendations,
      columns: [col(c.recommendationStatus, 'text', 28), col(c.count, 'integer', 10), col(c.share, 'percent', 10)],
      rows: statuses.map((s) => {
        const n = r.byStatus[s] ?? 0;
        return [fmt.label(dict.followUpStatuses, s), n, r.total > 0 ? n / r.total : null];
      }),
    },
    {
      name: dict.sheets.late,
      columns: [
        col(c.type, 'text', 16),
        col(c.title, 'text', 60),
        col(c.dueOn, 'date', 12),
        col(c.daysLate, 'integer', 10),
      ],
      rows: data.late.map((item) => [dict.itemTypes[item.type], item.title, item.dueOn, item.daysLate]),
    },
  ];
}

/** One row per finding and recommendation; a finding without recommendations still has its row. */
export function findingsCsvTable(data: FindingsReportData, fmt: ReportFormatter): TabularTable {
  const { dict } = fmt;
  const c = dict.columns;
  return {
    name: dict.kinds.findings,
    columns: [
      ...findingColumns(fmt),
      col(c.recommendationNumber, 'integer', 10),
      col(c.recommendation, 'text', 60),
      col(c.priority, 'text', 10),
      col(c.responsibleUnit, 'text', 28),
      col(c.targetOn, 'date', 12),
      col(c.recommendationStatus, 'text', 22),
      col(c.latestFollowUpOn, 'date', 12),
    ],
    rows: data.findings.flatMap((finding) => {
      const cells = findingCells(finding, fmt);
      if (finding.recommendations.length === 0) return [[...cells, null, null, null, null, null, null, null]];
      return finding.recommendations.map((r, i) => [
        ...cells,
        i + 1,
        r.text,
        fmt.label(dict.priorities, r.priority),
        r.responsibleUnit,
        r.targetOn,
        fmt.label(dict.followUpStatuses, r.status),
        latest(r.followUps.map((u) => u.on)),
      ]);
    }),
  };
}

/** The register as a workbook: findings, their recommendations, and the follow-ups of those. */
export function findingsSheets(data: FindingsReportData, fmt: ReportFormatter): TabularTable[] {
  const { dict } = fmt;
  const c = dict.columns;
  return [
    {
      name: dict.sheets.findings,
      columns: [...findingColumns(fmt), col(c.recommendations, 'integer', 12)],
      rows: data.findings.map((finding) => [...findingCells(finding, fmt), finding.recommendations.length]),
    },
    {
      name: dict.sheets.recommendations,
      columns: [
        col(c.number, 'integer', 8),
        col(c.recommendationNumber, 'integer', 10),
        col(c.title, 'text', 40),
        col(c.recommendation, 'text', 60),
        col(c.priority, 'text', 10),
        col(c.responsibleUnit, 'text', 28),
        col(c.targetOn, 'date', 12),
        col(c.recommendationStatus, 'text', 22),
        col(c.latestFollowUpOn, 'date', 12),
      ],
      rows: data.findings.flatMap((finding) =>
        finding.recommendations.map((r, i) => [
          finding.number,
          i + 1,
          finding.title,
          r.text,
          fmt.label(dict.priorities, r.priority),
          r.responsibleUnit,
          r.targetOn,
          fmt.label(dict.followUpStatuses, r.status),
          latest(r.followUps.map((u) => u.on)),
        ]),
      ),
    },
    {
      name: dict.sheets.followUps,
      columns: [
        col(c.number, 'integer', 8),
        col(c.recommendationNumber, 'integer', 10),
        col(c.followUpOn, 'date', 12),
        col(c.status, 'text', 22),
        col(c.note, 'text', 60),
        col(c.by, 'text', 22),
      ],
      rows: data.findings.flatMap((finding) =>
        finding.recommendations.flatMap((r, i) =>
          r.followUps.map((u) => [
            finding.number,
            i + 1,
            u.on,
            fmt.label(dict.followUpStatuses, u.status),
            u.note,
            u.by,
          ]),
        ),
      ),
    },
  ];
}

function findingColumns(fmt: ReportFormatter): TabularColumn[] {
  const c = fmt.dict.columns;
  return [
    col(c.number, 'integer', 8),
    col(c.title, 'text', 48),
    col(c.focusArea, 'text', 32),
    col(c.principles, 'text', 28),
    col(c.likelihood, 'integer', 10),
    col(c.impact, 'integer', 10),
    col(c.rating, 'text', 12),
    col(c.status, 'text', 14),
    col(c.condition, 'text', 60),
    col(c.criteria, 'text', 60),
    col(c.cause, 'text', 60),
    col(c.effect, 'text', 60),
    col(c.author, 'text', 22),
  ];
}

function findingCells(finding: FindingLine, fmt: ReportFormatter): TabularValue[] {
  const { dict } = fmt;
  return [
    finding.number,
    finding.title,
    finding.focusArea.name,
    finding.principles.map((p) => p.name).join(', '),
    finding.likelihood,
    finding.impact,
    fmt.label(dict.ratings, finding.rating),
    fmt.label(dict.findingStatuses, finding.status),
    finding.condition,
    finding.criteria,
    finding.cause,
    finding.effect,
    finding.author,
  ];
}

/** The latest of ISO days (they sort as text), or null. */
function latest(days: string[]): string | null {
  return days.reduce<string | null>((max, d) => (max === null || d > max ? d : max), null);
}
