// What a PDF or HTML report shows, in reading order and in the report's words; the two renderers only lay it out.
import type {
  FindingLine,
  FindingsReportData,
  FocusAreaCounts,
  FullReportData,
  MilestoneReportData,
  RatingCounts,
  RecommendationFigures,
  ReportData,
} from '../report-data';
import { type Chart, deliverablesChart, findingsChart, rateChart } from './report-charts';
import { ReportFormatter } from './report-formatter';

export type Align = 'left' | 'right' | 'center';

export interface Column {
  header: string;
  /** Share of the table's width, relative to the other columns. */
  weight: number;
  align?: Align;
}

export interface Field {
  label: string;
  value: string;
}

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string; newPage?: boolean }
  | { kind: 'paragraph'; text: string; label?: string; muted?: boolean }
  /** Label and value pairs (a definition list). */
  | { kind: 'fields'; items: Field[] }
  /** Key figures, shown large. */
  | { kind: 'figures'; items: Field[] }
  /** Named items with an optional description (components, focus areas). */
  | { kind: 'list'; items: { title: string; text: string | null }[] }
  | {
      kind: 'table';
      caption: string;
      columns: Column[];
      rows: string[][];
      /** A last row in bold (totals). */
      totals?: string[];
      /** The first cell of each row names the row (HTML `<th scope="row">`). */
      rowHeaders?: boolean;
      /** The caption repeats the heading just above: kept for screen readers, not printed twice. */
      captionHidden?: boolean;
    }
  /** One or two charts, side by side when two. */
  | { kind: 'charts'; charts: Chart[] }
  /** Blocks that read as one (a finding): the PDF starts them on a new page rather than leave a lone heading. */
  | { kind: 'group'; blocks: Block[] };

export interface TitlePage {
  kind: string;
  reviewTitle: string;
  institution: string;
  facts: Field[];
  footer: string;
}

export interface Outline {
  lang: string;
  /** Document title (metadata, HTML `<title>`). */
  title: string;
  /** Short line at the top of every page but the first. */
  runningHeader: string;
  /** When the report was generated (ISO timestamp), for the document's metadata. */
  generatedAt: string;
  titlePage: TitlePage;
  blocks: Block[];
}

const RATINGS = ['low', 'medium', 'high', 'critical'] as const;
const IMPLEMENTED = 'implemented';
const PARTIALLY = 'partially_implemented';

export function buildOutline(data: ReportData): Outline {
  const fmt = new ReportFormatter(data.header.locale);
  const { header } = data;
  const kind = fmt.dict.kinds[data.kind];
  const t = fmt.dict.titlePage;
  const facts: Field[] = [{ label: t.asOf, value: fmt.dateLong(header.asOf) }];
  if (header.review.startsOn || header.review.endsOn) {
    facts.push({
      label: t.period,
      value: `${fmt.dateLong(header.review.startsOn)} – ${fmt.dateLong(header.review.endsOn)}`,
    });
  }
  facts.push({ label: t.generatedAt, value: fmt.timestamp(header.generatedAt) });
  const institution = `${header.institution.name} (${header.institution.acronym})`;
  return {
    lang: header.locale,
    title: `${kind} – ${header.review.title}`,
    runningHeader: `${header.institution.acronym} · ${kind} · ${fmt.date(header.asOf)}`,
    generatedAt: header.generatedAt,
    titlePage: { kind, reviewTitle: header.review.title, institution, facts, footer: t.preparedWith },
    blocks: hideRepeatedCaptions(blocksOf(data, fmt)),
  };
}

function hideRepeatedCaptions(blocks: Block[]): Block[] {
  return blocks.map((block, i) => {
    const before = blocks[i - 1];
    if (block.kind === 'table' && before?.kind === 'heading' && before.text === block.caption) {
      return { ...block, captionHidden: true };
    }
    return block.kind === 'group' ? { ...block, blocks: hideRepeatedCaptions(block.blocks) } : block;
  });
}

function blocksOf(data: ReportData, fmt: ReportFormatter): Block[] {
  switch (data.kind) {
    case 'milestone':
      return milestoneBlocks(data, fmt);
    case 'findings':
      return findingsBlocks(data, fmt);
    case 'full':
      return fullBlocks(data, fmt);
  }
}

function milestoneBlocks(data: MilestoneReportData, fmt: ReportFormatter): Block[] {
  const { dict } = fmt;
  const c = dict.columns;
  const f = dict.figures;
  const lateDeliverables = data.deliverables.filter((d) => d.daysLate > 0).length;
  const achieved = data.milestones.filter((m) => m.actualOn !== null).length;
  const lateMilestones = data.milestones.filter((m) => m.actualOn === null && (m.slippageDays ?? 0) > 0).length;
  const delivered = data.deliverables.filter((d) => d.status === 'delivered').length;
  return [
    { kind: 'heading', level: 1, text: dict.sections.summary },
    {
      kind: 'figures',
      items: [
        { label: f.deliverables, value: fmt.integer(data.deliverables.length) },
        { label: f.deliverablesDelivered, value: fmt.integer(delivered) },
        { label: f.deliverablesLate, value: fmt.integer(lateDeliverables) },
        { label: f.milestonesAchieved, value: `${fmt.integer(achieved)} / ${fmt.integer(data.milestones.length)}` },
        { label: f.milestonesLate, value: fmt.integer(lateMilestones) },
        { label: f.workshopsHeld, value: fmt.integer(data.workshopsHeld.length) },
        { label: f.findings, value: fmt.integer(data.findingsTotal.total) },
        { label: f.implementationRate, value: fmt.percent(data.recommendations.implementationRate) },
        { label: f.overdueRecommendations, value: fmt.integer(data.recommendations.overdue) },
      ],
    },
    {
      kind: 'charts',
      charts: [
        deliverablesChart(
          data.deliverables.map((d) => d.status),
          fmt,
        ),
        rateChart(data.recommendations, fmt),
      ],
    },
    { kind: 'charts', charts: [findingsChart(data.findingsByFocusArea, fmt)] },

    { kind: 'heading', level: 1, text: dict.sections.deliverables },
    {
      kind: 'table',
      caption: dict.sections.deliverables,
      columns: [
        { header: c.title, weight: 3 },
        { header: c.kind, weight: 1.1 },
        { header: c.component, weight: 1.6 },
        { header: c.owner, weight: 1.3 },
        { header: c.dueOn, weight: 1.2 },
        { header: c.status, weight: 1.2 },
        { header: c.deliveredOn, weight: 1.2 },
        { header: c.daysLate, weight: 0.9, align: 'right' },
      ],
      rows: data.deliverables.map((d) => [
        d.title,
        fmt.label(dict.deliverableKinds, d.kind),
        d.component ?? dict.none,
        d.owner ?? dict.none,
        fmt.date(d.dueOn),
        fmt.label(dict.deliverableStatuses, d.status),
        fmt.date(d.deliveredOn),
        fmt.integer(d.daysLate),
      ]),
    },

    { kind: 'heading', level: 1, text: dict.sections.milestones },
    {
      kind: 'table',
      caption: dict.sections.milestones,
      columns: [
        { header: c.title, weight: 3.4 },
        { header: c.planned, weight: 1.5 },
        { header: c.plannedEnd, weight: 1.3 },
        { header: c.actualOn, weight: 1.3 },
        { header: c.slippageDays, weight: 1.1, align: 'right' },
        { header: c.state, weight: 1.1 },
      ],
      rows: data.milestones.map((m) => [
        m.title,
        fmt.planned(m.plannedOn, m.precision),
        fmt.date(m.plannedEnd),
        fmt.date(m.actualOn),
        fmt.signedDays(m.slippageDays),
        fmt.label(dict.milestoneStates, milestoneState(m.actualOn, m.slippageDays)),
      ]),
    },

    { kind: 'heading', level: 1, text: dict.sections.workshopsHeld },
    {
      kind: 'table',
      caption: dict.sections.workshopsHeld,
      columns: [
        { header: c.title, weight: 2.6 },
        { header: c.topic, weight: 2.2 },
        { header: c.startsOn, weight: 1.2 },
        { header: c.endsOn, weight: 1.2 },
        { header: c.location, weight: 1.6 },
        { header: c.participants, weight: 1.1, align: 'right' },
        { header: c.attended, weight: 1, align: 'right' },
        { header: c.satisfaction, weight: 1.1, align: 'right' },
      ],
      rows: data.workshopsHeld.map((w) => [
        w.title,
        w.topic,
        fmt.date(w.startsOn),
        fmt.date(w.endsOn),
        w.location,
        fmt.integer(w.participants),
        fmt.integer(w.attended),
        w.satisfaction === null ? dict.none : dict.outOfFive(fmt.decimal(w.satisfaction)),
      ]),
    },

    { kind: 'heading', level: 1, text: dict.sections.findingsByFocusArea },
    focusAreaTable(data.findingsByFocusArea, data.findingsTotal, fmt),

    { kind: 'heading', level: 1, text: dict.sections.recommendations },
    ...recommendationBlocks(data.recommendations, fmt),

    { kind: 'heading', level: 1, text: dict.sections.late },
    {
      kind: 'table',
      caption: dict.sections.late,
      columns: [
        { header: c.type, weight: 1.3 },
        { header: c.title, weight: 4.2 },
        { header: c.dueOn, weight: 1.3 },
        { header: c.daysLate, weight: 1, align: 'right' },
      ],
      rows: data.late.map((item) => [
        dict.itemTypes[item.type],
        item.title,
        fmt.date(item.dueOn),
        fmt.integer(item.daysLate),
      ]),
    },
  ];
}

function findingsBlocks(data: FindingsReportData, fmt: ReportFormatter): Block[] {
  const { dict } = fmt;
  const c = dict.columns;
  const totals = ratingTotals(data.findings);
  const figures = recommendationFigures(data.findings, data.header.asOf);
  return [
    { kind: 'heading', level: 1, text: dict.sections.summary },
    {
      kind: 'figures',
      items: [
        { label: dict.figures.findings, value: fmt.integer(totals.total) },
        ...[...RATINGS].reverse().map((r) => ({ label: dict.ratings[r], value: fmt.integer(totals[r]) })),
        { label: dict.figures.recommendations, value: fmt.integer(figures.total) },
        { label: dict.figures.implementationRate, value: fmt.percent(figures.implementationRate) },
      ],
    },
    { kind: 'charts', charts: [findingsChart(countsByFocusArea(data.findings), fmt)] },

    { kind: 'heading', level: 1, text: dict.sections.register },
    {
      kind: 'table',
      caption: dict.sections.register,
      columns: [
        { header: c.number, weight: 0.6, align: 'right' },
        { header: c.title, weight: 3.6 },
        { header: c.focusArea, weight: 2.1 },
        { header: c.rating, weight: 1.1 },
        { header: c.likelihood, weight: 1.1, align: 'center' },
        { header: c.impact, weight: 0.9, align: 'center' },
        { header: c.status, weight: 1.1 },
        { header: c.recommendations, weight: 1.4, align: 'right' },
      ],
      rows: data.findings.map((finding) => [
        fmt.integer(finding.number),
        finding.title,
        finding.focusArea.name,
        fmt.label(dict.ratings, finding.rating),
        fmt.integer(finding.likelihood),
        fmt.integer(finding.impact),
        fmt.label(dict.findingStatuses, finding.status),
        fmt.integer(finding.recommendations.length),
      ]),
    },

    { kind: 'heading', level: 1, text: dict.sections.findingDetails, newPage: true },
    ...data.findings.map((finding) => findingGroup(finding, fmt)),
  ];
}

function fullBlocks(data: FullReportData, fmt: ReportFormatter): Block[] {
  const { dict } = fmt;
  const { header } = data;
  const c = dict.columns;
  const counts = new Map(data.findingsByFocusArea.map((a) => [a.code, a.total]));
  const blocks: Block[] = [{ kind: 'heading', level: 1, text: dict.sections.context }];
  if (header.review.summary) blocks.push({ kind: 'paragraph', text: header.review.summary });
  blocks.push(
    {
      kind: 'fields',
      items: [
        { label: dict.fields.review, value: header.review.title },
        { label: dict.fields.reviewStatus, value: fmt.label(dict.reviewStatuses, header.review.status) },
        { label: dict.fields.agreementOn, value: fmt.dateLong(header.review.agreementOn) },
        { label: dict.fields.startsOn, value: fmt.dateLong(header.review.startsOn) },
        { label: dict.fields.endsOn, value: fmt.dateLong(header.review.endsOn) },
      ],
    },
    { kind: 'heading', level: 2, text: dict.sections.institution },
    {
      kind: 'fields',
      items: [
        { label: dict.fields.institution, value: header.institution.name },
        { label: dict.fields.acronym, value: header.institution.acronym },
        { label: dict.fields.jurisdiction, value: fmt.label(dict.jurisdictions, header.institution.jurisdiction) },
        { label: dict.fields.state, value: header.institution.state ?? dict.none },
        { label: dict.fields.country, value: fmt.country(header.institution.country) },
      ],
    },
    { kind: 'heading', level: 2, text: dict.sections.components },
    { kind: 'list', items: data.components.map((x) => ({ title: x.title, text: x.description })) },
    { kind: 'heading', level: 2, text: dict.sections.focusAreas },
    {
      kind: 'list',
      items: data.focusAreas.map((area) => {
        const n = counts.get(area.code) ?? 0;
        return { title: area.name, text: dict.findingCount(fmt.integer(n), n !== 1) };
      }),
    },

    { kind: 'heading', level: 1, text: dict.sections.indicators },
    {
      kind: 'table',
      caption: dict.sections.indicators,
      columns: [
        { header: c.metric, weight: 3 },
        { header: c.year, weight: 0.8, align: 'right' },
        { header: c.value, weight: 1.4, align: 'right' },
        { header: c.unit, weight: 1.1 },
        { header: c.source, weight: 3.2 },
      ],
      rows: data.indicators.map((i) => [
        fmt.label(dict.metrics, i.metric),
        String(i.year),
        fmt.indicatorValue(i.value),
        i.unit === null ? dict.none : (dict.units[i.unit] ?? i.unit),
        i.source,
      ]),
    },

    { kind: 'heading', level: 1, text: dict.sections.overall },
    {
      kind: 'figures',
      items: [
        { label: dict.figures.findings, value: fmt.integer(data.findingsTotal.total) },
        ...[...RATINGS].reverse().map((r) => ({ label: dict.ratings[r], value: fmt.integer(data.findingsTotal[r]) })),
        { label: dict.figures.recommendations, value: fmt.integer(data.recommendations.total) },
        { label: dict.figures.implementationRate, value: fmt.percent(data.recommendations.implementationRate) },
        { label: dict.figures.overdueRecommendations, value: fmt.integer(data.recommendations.overdue) },
      ],
    },
    { kind: 'charts', charts: [findingsChart(data.findingsByFocusArea, fmt)] },
    focusAreaTable(data.findingsByFocusArea, data.findingsTotal, fmt),
    { kind: 'heading', level: 2, text: dict.sections.recommendations },
    // The key figures above already give the count, the rate and the overdue ones.
    ...recommendationBlocks(data.recommendations, fmt).filter((b) => b.kind !== 'fields'),
  );

  // A chapter per focus area of the review, in its order; findings filed under an area the review no longer lists
  // still get theirs, after the others.
  const chapters = new Map<string, { name: string; findings: FindingLine[] }>(
    data.focusAreas.map((a) => [a.code, { name: a.name, findings: [] }]),
  );
  for (const finding of data.findings) {
    const chapter = chapters.get(finding.focusArea.code);
    if (chapter) chapter.findings.push(finding);
    else chapters.set(finding.focusArea.code, { name: finding.focusArea.name, findings: [finding] });
  }
  let number = 0;
  for (const chapter of chapters.values()) {
    number += 1;
    const n = chapter.findings.length;
    blocks.push(
      { kind: 'heading', level: 1, text: dict.chapter(number, chapter.name), newPage: true },
      { kind: 'paragraph', text: dict.findingCount(fmt.integer(n), n !== 1), muted: true },
    );
    const principles = principleCounts(chapter.findings);
    if (principles.length > 0) {
      blocks.push(
        { kind: 'heading', level: 2, text: dict.sections.principles },
        { kind: 'paragraph', text: principles.map((p) => `${p.name} (${fmt.integer(p.count)})`).join(', ') },
      );
    }
    for (const finding of chapter.findings) blocks.push(findingGroup(finding, fmt));
  }
  return blocks;
}

/** A finding as the register shows it: its card, its four attributes, its recommendations and their follow-ups. */
function findingGroup(finding: FindingLine, fmt: ReportFormatter): Block {
  const { dict } = fmt;
  const c = dict.columns;
  const blocks: Block[] = [
    { kind: 'heading', level: 2, text: `${fmt.integer(finding.number)}. ${finding.title}` },
    {
      kind: 'fields',
      items: [
        { label: c.focusArea, value: finding.focusArea.name },
        { label: c.principles, value: finding.principles.map((p) => p.name).join(', ') || dict.none },
        {
          label: c.rating,
          value: dict.ratingScore(
            fmt.label(dict.ratings, finding.rating),
            fmt.integer(finding.likelihood),
            fmt.integer(finding.impact),
          ),
        },
        { label: c.status, value: fmt.label(dict.findingStatuses, finding.status) },
        { label: c.author, value: finding.author },
      ],
    },
    { kind: 'paragraph', label: c.condition, text: finding.condition },
    { kind: 'paragraph', label: c.criteria, text: finding.criteria },
    { kind: 'paragraph', label: c.cause, text: finding.cause },
    { kind: 'paragraph', label: c.effect, text: finding.effect },
  ];
  const recommendationNo = (i: number) => `${fmt.integer(finding.number)}.${fmt.integer(i + 1)}`;
  blocks.push({
    kind: 'table',
    caption: c.recommendations,
    columns: [
      { header: c.number, weight: 0.7 },
      { header: c.recommendation, weight: 4 },
      { header: c.priority, weight: 0.9 },
      { header: c.responsibleUnit, weight: 1.6 },
      { header: c.targetOn, weight: 1.2 },
      { header: c.recommendationStatus, weight: 1.5 },
    ],
    rows: finding.recommendations.map((r, i) => [
      recommendationNo(i),
      r.text,
      fmt.label(dict.priorities, r.priority),
      r.responsibleUnit,
      fmt.date(r.targetOn),
      fmt.label(dict.followUpStatuses, r.status),
    ]),
  });
  const followUps = finding.recommendations.flatMap((r, i) =>
    r.followUps.map((u) => [
      recommendationNo(i),
      fmt.date(u.on),
      fmt.label(dict.followUpStatuses, u.status),
      u.note,
      u.by,
    ]),
  );
  if (followUps.length > 0) {
    blocks.push({
      kind: 'table',
      caption: dict.sections.followUps,
      columns: [
        { header: c.number, weight: 0.7 },
        { header: c.followUpOn, weight: 1.1 },
        { header: c.status, weight: 1.5 },
        { header: c.note, weight: 4 },
        { header: c.by, weight: 1.4 },
      ],
      rows: followUps,
    });
  }
  return { kind: 'group', blocks };
}

function focusAreaTable(counts: readonly FocusAreaCounts[], total: RatingCounts, fmt: ReportFormatter): Block {
  const { dict } = fmt;
  return {
    kind: 'table',
    caption: dict.sections.findingsByFocusArea,
    rowHeaders: true,
    columns: [
      { header: dict.columns.focusArea, weight: 3.6 },
      ...RATINGS.map((r) => ({ header: dict.ratings[r], weight: 1, align: 'right' as const })),
      { header: dict.total, weight: 1, align: 'right' },
    ],
    rows: counts.map((a) => [a.name, ...RATINGS.map((r) => fmt.integer(a[r])), fmt.integer(a.total)]),
    totals: [dict.total, ...RATINGS.map((r) => fmt.integer(total[r])), fmt.integer(total.total)],
  };
}

function recommendationBlocks(figures: RecommendationFigures, fmt: ReportFormatter): Block[] {
  const { dict } = fmt;
  const order = Object.keys(dict.followUpStatuses);
  const statuses = [
    ...order,
    ...Object.keys(figures.byStatus)
      .filter((s) => !order.includes(s))
      .sort(),
  ];
  return [
    {
      kind: 'fields',
      items: [
        { label: dict.figures.recommendations, value: fmt.integer(figures.total) },
        { label: dict.figures.implementationRate, value: fmt.percent(figures.implementationRate) },
        { label: dict.figures.overdueRecommendations, value: fmt.integer(figures.overdue) },
      ],
    },
    { kind: 'charts', charts: [rateChart(figures, fmt)] },
    {
      kind: 'table',
      caption: dict.sections.recommendations,
      rowHeaders: true,
      columns: [
        { header: dict.columns.recommendationStatus, weight: 3 },
        { header: dict.columns.count, weight: 1, align: 'right' },
        { header: dict.columns.share, weight: 1, align: 'right' },
      ],
      rows: statuses.map((s) => {
        const n = figures.byStatus[s] ?? 0;
        return [
          fmt.label(dict.followUpStatuses, s),
          fmt.integer(n),
          fmt.percent(figures.total > 0 ? n / figures.total : null),
        ];
      }),
      totals: [dict.total, fmt.integer(figures.total), fmt.percent(figures.total > 0 ? 1 : null)],
    },
  ];
}

/** As MilestoneDto says: achieved once it has an actual date; otherwise late after the planned period. */
export function milestoneState(actualOn: string | null, slippageDays: number | null): 'achieved' | 'late' | 'upcoming' {
  if (actualOn !== null) return 'achieved';
  return (slippageDays ?? 0) > 0 ? 'late' : 'upcoming';
}

export function ratingTotals(findings: readonly FindingLine[]): RatingCounts {
  const totals: RatingCounts = { low: 0, medium: 0, high: 0, critical: 0, total: 0 };
  for (const f of findings) {
    totals[f.rating] += 1;
    totals.total += 1;
  }
  return totals;
}

/** The register's counts per focus area, in the register's (focus-area) order. */
export function countsByFocusArea(findings: readonly FindingLine[]): FocusAreaCounts[] {
  const byCode = new Map<string, FocusAreaCounts>();
  for (const f of findings) {
    let counts = byCode.get(f.focusArea.code);
    if (!counts) {
      counts = { code: f.focusArea.code, name: f.focusArea.name, low: 0, medium: 0, high: 0, critical: 0, total: 0 };
      byCode.set(f.focusArea.code, counts);
    }
    counts[f.rating] += 1;
    counts.total += 1;
  }
  return [...byCode.values()];
}

/** The recommendation figures of a set of findings, computed as ReportDataService does for the other kinds. */
export function recommendationFigures(findings: readonly FindingLine[], asOf: string): RecommendationFigures {
  const byStatus: Record<string, number> = {};
  let total = 0;
  let overdue = 0;
  for (const r of findings.flatMap((f) => f.recommendations)) {
    total += 1;
    byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    if (r.status !== IMPLEMENTED && r.targetOn < asOf) overdue += 1;
  }
  const implementationRate =
    total === 0 ? null : ((byStatus[IMPLEMENTED] ?? 0) + (byStatus[PARTIALLY] ?? 0) / 2) / total;
  return { total, byStatus, implementationRate, overdue };
}

function principleCounts(findings: readonly FindingLine[]): { name: string; count: number }[] {
  const counts = new Map<string, { name: string; count: number }>();
  for (const p of findings.flatMap((f) => f.principles)) {
    const entry = counts.get(p.code) ?? { name: p.name, count: 0 };
    entry.count += 1;
    counts.set(p.code, entry);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}
