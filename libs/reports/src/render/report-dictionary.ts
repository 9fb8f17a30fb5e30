// The words of a report: one dictionary per locale, all of this shape, so a label missing in one fails typecheck.
import type { Locale } from '@vigia/common';
import type { DeliverableKind, DeliverableStatus, MilestoneState } from '@vigia/deliverables';
import type { FindingStatus, FollowUpStatus, Priority, Rating } from '@vigia/findings';
import type { Jurisdiction } from '@vigia/institutions';
import type { ReviewStatus } from '@vigia/reviews';
import type { LateItem } from '../report-data';
import type { ReportKind } from '../report.entity';
import { en } from './dictionaries/en.dictionary';
import { es } from './dictionaries/es.dictionary';
import { fr } from './dictionaries/fr.dictionary';

/** What a row of the milestone CSV is. */
export type ItemType = LateItem['type'] | 'workshop';

export interface ReportDictionary {
  /** The report's name on its title page and in the document metadata. */
  kinds: Record<ReportKind, string>;
  /** Footer of every page but the title page. */
  page: (current: number, total: number) => string;
  /** Written where a value is absent. */
  none: string;
  /** Written in a table that has no rows. */
  noRows: string;
  /** Written in place of a chart that has nothing to show. */
  noData: string;
  /** A chapter of the full report. */
  chapter: (number: number, name: string) => string;
  /** "3 findings", "1 recommendation" and the like, under a chapter heading. */
  findingCount: (count: string, plural: boolean) => string;
  /** A finding's rating with how it was scored. */
  ratingScore: (rating: string, likelihood: string, impact: string) => string;
  /** A mean satisfaction out of five. */
  outOfFive: (value: string) => string;
  /** The label of a total row. */
  total: string;

  titlePage: {
    asOf: string;
    generatedAt: string;
    preparedWith: string;
    period: string;
  };

  sections: {
    summary: string;
    deliverables: string;
    milestones: string;
    workshopsHeld: string;
    findingsByFocusArea: string;
    recommendations: string;
    late: string;
    register: string;
    findingDetails: string;
    context: string;
    institution: string;
    components: string;
    focusAreas: string;
    indicators: string;
    overall: string;
    principles: string;
    followUps: string;
  };

  charts: {
    findingsByFocusArea: string;
    deliverablesByStatus: string;
    implementationRate: string;
    /** Under the rate ring: how the rate is computed. */
    rateCaption: string;
  };

  /** Key figures of the summaries. */
  figures: {
    deliverables: string;
    deliverablesDelivered: string;
    deliverablesLate: string;
    milestones: string;
    milestonesAchieved: string;
    milestonesLate: string;
    workshopsHeld: string;
    participants: string;
    findings: string;
    recommendations: string;
    implementationRate: string;
    overdueRecommendations: string;
  };

  /** Labels of single facts (the context of the full report, a finding's card). */
  fields: {
    institution: string;
    acronym: string;
    jurisdiction: string;
    state: string;
    country: string;
    review: string;
    reviewStatus: string;
    agreementOn: string;
    startsOn: string;
    endsOn: string;
    summary: string;
  };

  /** Column headers, shared by the PDF, HTML, CSV and XLSX tables. */
  columns: {
    number: string;
    type: string;
    title: string;
    kind: string;
    component: string;
    owner: string;
    dueOn: string;
    status: string;
    deliveredOn: string;
    daysLate: string;
    planned: string;
    plannedOn: string;
    plannedEnd: string;
    actualOn: string;
    slippageDays: string;
    state: string;
    topic: string;
    startsOn: string;
    endsOn: string;
    location: string;
    participants: string;
    attended: string;
    satisfaction: string;
    focusArea: string;
    count: string;
    share: string;
    principles: string;
    rating: string;
    likelihood: string;
    impact: string;
    author: string;
    recommendations: string;
    condition: string;
    criteria: string;
    cause: string;
    effect: string;
    recommendationNumber: string;
    recommendation: string;
    priority: string;
    responsibleUnit: string;
    targetOn: string;
    recommendationStatus: string;
    latestFollowUpOn: string;
    followUpOn: string;
    note: string;
    by: string;
    metric: string;
    year: string;
    value: string;
    unit: string;
    source: string;
    date: string;
    endDate: string;
    completedOn: string;
    detail: string;
    figure: string;
  };

  /** Worksheet names: at most 31 characters, none of `[]:*?/\`. */
  sheets: {
    summary: string;
    deliverables: string;
    milestones: string;
    workshops: string;
    findingsByFocusArea: string;
    recommendations: string;
    late: string;
    findings: string;
    followUps: string;
  };

  itemTypes: Record<ItemType, string>;
  deliverableKinds: Record<DeliverableKind, string>;
  deliverableStatuses: Record<DeliverableStatus, string>;
  milestoneStates: Record<MilestoneState, string>;
  findingStatuses: Record<FindingStatus, string>;
  ratings: Record<Rating, string>;
  priorities: Record<Priority, string>;
  followUpStatuses: Record<FollowUpStatus, string>;
  reviewStatuses: Record<ReviewStatus, string>;
  jurisdictions: Record<Jurisdiction, string>;
  /** Indicator metrics the catalogue knows; others are shown as their code in words. */
  metrics: Record<string, string>;
  /** Units of those metrics; others are shown as stored. */
  units: Record<string, string>;
}

export const DICTIONARIES: Readonly<Record<Locale, ReportDictionary>> = { en, es, fr };
