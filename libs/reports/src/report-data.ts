// What a report says, as plain data: loaded from the database by ReportDataService, laid out by the renderers.
// Dates are ISO `YYYY-MM-DD` strings and numbers are numbers: the renderers format both for the report's locale.
// Catalogue names (focus areas, principles) are already in the report's locale.
import type { Locale, Precision } from '@vigia/common';
import type { ReportKind } from './report.entity';

export interface ReportHeader {
  kind: ReportKind;
  locale: Locale;
  /** The day the figures were taken (UTC). */
  asOf: string;
  /** When the file was generated (ISO timestamp). */
  generatedAt: string;
  review: {
    id: string;
    title: string;
    status: string;
    summary: string | null;
    agreementOn: string | null;
    startsOn: string | null;
    endsOn: string | null;
  };
  institution: {
    name: string;
    acronym: string;
    jurisdiction: string;
    state: string | null;
    country: string;
  };
}

export interface DeliverableLine {
  title: string;
  kind: string;
  component: string | null;
  owner: string | null;
  dueOn: string;
  status: string;
  deliveredOn: string | null;
  /** Days past the due date while still open; 0 when on time or closed. */
  daysLate: number;
}

export interface MilestoneLine {
  title: string;
  plannedOn: string;
  precision: Precision;
  /** Last day of the planned period (a season's last day for a season). */
  plannedEnd: string;
  actualOn: string | null;
  /** As GET /milestones answers: days past the planned period (achieved late, or still open after it). */
  slippageDays: number | null;
}

export interface WorkshopLine {
  title: string;
  topic: string;
  startsOn: string;
  endsOn: string | null;
  location: string;
  participants: number;
  attended: number;
  /** Mean satisfaction (1-5) of those who answered, or null. */
  satisfaction: number | null;
}

export interface RatingCounts {
  low: number;
  medium: number;
  high: number;
  critical: number;
  total: number;
}

export interface FocusAreaCounts extends RatingCounts {
  code: string;
  name: string;
}

export interface LateItem {
  type: 'deliverable' | 'milestone' | 'recommendation';
  title: string;
  dueOn: string;
  daysLate: number;
}

export interface FollowUpLine {
  on: string;
  status: string;
  note: string;
  by: string;
}

export interface RecommendationLine {
  text: string;
  priority: string;
  responsibleUnit: string;
  targetOn: string;
  /** Latest follow-up status, `not_started` when there is none. */
  status: string;
  followUps: FollowUpLine[];
}

export interface FindingLine {
  /** 1-based position in the register (focus-area order, then rating, then title). */
  number: number;
  title: string;
  focusArea: { code: string; name: string };
  principles: { code: string; name: string }[];
  status: string;
  likelihood: number;
  impact: number;
  rating: 'low' | 'medium' | 'high' | 'critical';
  condition: string;
  criteria: string;
  cause: string;
  effect: string;
  author: string;
  recommendations: RecommendationLine[];
}

export interface RecommendationFigures {
  total: number;
  byStatus: Record<string, number>;
  /** (implemented + half of partially implemented) / total, or null with no recommendations. */
  implementationRate: number | null;
  overdue: number;
}

export interface MilestoneReportData {
  kind: 'milestone';
  header: ReportHeader;
  deliverables: DeliverableLine[];
  milestones: MilestoneLine[];
  /** Workshops that have started by the as-of day. */
  workshopsHeld: WorkshopLine[];
  findingsByFocusArea: FocusAreaCounts[];
  findingsTotal: RatingCounts;
  recommendations: RecommendationFigures;
  /** Everything late, most late first. */
  late: LateItem[];
}

export interface FindingsReportData {
  kind: 'findings';
  header: ReportHeader;
  findings: FindingLine[];
}

export interface FullReportData {
  kind: 'full';
  header: ReportHeader;
  components: { title: string; description: string | null }[];
  focusAreas: { code: string; name: string }[];
  indicators: { metric: string; year: number; value: string; unit: string | null; source: string }[];
  findingsByFocusArea: FocusAreaCounts[];
  findingsTotal: RatingCounts;
  /** In register order; group them by focusArea.code for the chapters. */
  findings: FindingLine[];
  recommendations: RecommendationFigures;
}

export type ReportData = MilestoneReportData | FindingsReportData | FullReportData;

/** The rendered file. */
export interface RenderedReport {
  body: Buffer;
  contentType: string;
  /** e.g. `isssteson-milestone-2026-11-24.pdf` (ASCII, safe for Content-Disposition). */
  fileName: string;
}
