// What the api answers about milestones: the stored dates plus their period, label, slippage and state.
import { formatAtPrecision, type Locale, periodOf, slippageDays, todayUtc } from '@vigia/common';
import type { DatePrecision, Milestone } from '../milestone.entity';

export const MILESTONE_STATES = ['achieved', 'late', 'upcoming'] as const;
export type MilestoneState = (typeof MILESTONE_STATES)[number];

export class MilestoneDto {
  id!: string;
  reviewId!: string;
  title!: string;
  /** First day of the planned period. */
  plannedOn!: string;
  /** Last day of the planned period. */
  plannedEnd!: string;
  precision!: DatePrecision;
  /** The planned date as a person writes it at its precision, in the requested locale ("Summer 2019"). */
  label!: string;
  actualOn!: string | null;
  deliverableId!: string | null;
  /**
   * Days outside the planned period: 0 when achieved inside it, positive when late, negative when early; while not
   * achieved, the days since the period ended, or null if it has not ended.
   */
  slippageDays!: number | null;
  /** `achieved` once it has an actual date; otherwise `late` after the planned period, else `upcoming`. */
  state!: MilestoneState;
  version!: number;
  createdAt!: Date;
  updatedAt!: Date;

  static from(m: Milestone, locale: Locale = 'en', today: string = todayUtc()): MilestoneDto {
    const period = periodOf(m.plannedOn, m.precision);
    const state: MilestoneState = m.actualOn ? 'achieved' : today > period.end ? 'late' : 'upcoming';
    return Object.assign(new MilestoneDto(), {
      id: m.id,
      reviewId: m.reviewId,
      title: m.title,
      plannedOn: m.plannedOn,
      plannedEnd: period.end,
      precision: m.precision,
      label: formatAtPrecision(m.plannedOn, m.precision, locale),
      actualOn: m.actualOn,
      deliverableId: m.deliverableId,
      slippageDays: slippageDays(m.plannedOn, m.precision, m.actualOn, today),
      state,
      version: m.version,
      createdAt: m.createdAt,
      updatedAt: m.updatedAt,
    });
  }
}

export class MilestonePageDto {
  items!: MilestoneDto[];
  nextCursor!: string | null;
}
