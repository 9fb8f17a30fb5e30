// A review's timeline: milestones, open deliverables and workshops, read with one query per table.
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@vigia/auth';
import { TokenService } from '@vigia/auth';
import { formatAtPrecision, type Locale, NotFoundError, periodOf, slippageDays, todayUtc } from '@vigia/common';
import { Deliverable, Milestone } from '@vigia/deliverables';
import { Workshop } from '@vigia/workshops';
import { DataSource } from 'typeorm';
import { TIMELINE_ITEM_TYPES, TimelineDto, TimelineFeedDto, type TimelineItemDto } from './dto/timeline.dto';
import { renderCalendar, type TimelineEntry } from './timeline-calendar';

/** The api's base path; the feed URL is handed to calendar applications, which need the full path. */
const API_BASE = '/api/v1';

function byDateThenType(a: TimelineEntry, b: TimelineEntry): number {
  const x = a.item;
  const y = b.item;
  return (
    x.date.localeCompare(y.date) ||
    TIMELINE_ITEM_TYPES.indexOf(x.type) - TIMELINE_ITEM_TYPES.indexOf(y.type) ||
    x.title.localeCompare(y.title) ||
    x.id.localeCompare(y.id)
  );
}

@Injectable()
export class TimelineService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: TokenService,
  ) {}

  async timeline(reviewId: string, locale: Locale = 'en'): Promise<TimelineDto> {
    const entries = await this.entries(reviewId, locale, todayUtc());
    return { items: entries.map((e) => e.item) };
  }

  /** The timeline as an iCalendar document named after the review. */
  async calendar(reviewId: string, locale: Locale = 'en'): Promise<string> {
    const [review, entries] = await Promise.all([
      this.dataSource.query<{ title: string }[]>('SELECT title FROM reviews WHERE id = $1', [reviewId]),
      this.entries(reviewId, locale, todayUtc()),
    ]);
    if (!review[0]) throw new NotFoundError('Review');
    return renderCalendar(review[0].title, entries);
  }

  /** A calendar subscription for this user and review: a long-lived token that opens this review's feed only. */
  async feed(user: AuthUser, reviewId: string, locale?: Locale): Promise<TimelineFeedDto> {
    const token = await this.tokens.issueFeedToken(user.id, reviewId);
    const query = new URLSearchParams({ token });
    if (locale) query.set('locale', locale);
    return { url: `${API_BASE}/reviews/${reviewId}/timeline.ics?${query.toString()}`, token };
  }

  private async entries(reviewId: string, locale: Locale, today: string): Promise<TimelineEntry[]> {
    const [milestones, deliverables, workshops] = await Promise.all([
      this.dataSource
        .getRepository(Milestone)
        .createQueryBuilder('m')
        .select(['m.id', 'm.title', 'm.plannedOn', 'm.precision', 'm.actualOn', 'm.version', 'm.updatedAt'])
        .where('m.reviewId = :reviewId', { reviewId })
        .getMany(),
      this.dataSource
        .getRepository(Deliverable)
        .createQueryBuilder('d')
        .select(['d.id', 'd.title', 'd.dueOn', 'd.status', 'd.version', 'd.updatedAt'])
        .where('d.reviewId = :reviewId', { reviewId })
        // A cancelled deliverable is no longer owed: it has no place on the timeline.
        .andWhere("d.status <> 'cancelled'")
        .getMany(),
      this.dataSource
        .getRepository(Workshop)
        .createQueryBuilder('w')
        .select(['w.id', 'w.title', 'w.startsOn', 'w.endsOn', 'w.location', 'w.version', 'w.updatedAt'])
        .where('w.reviewId = :reviewId', { reviewId })
        .getMany(),
    ]);
    const entries: TimelineEntry[] = [
      ...milestones.map((m) => this.milestone(m, locale, today)),
      ...deliverables.map((d) => this.deliverable(d, locale)),
      ...workshops.map((w) => this.workshop(w, locale, today)),
    ];
    return entries.sort(byDateThenType);
  }

  private milestone(m: Milestone, locale: Locale, today: string): TimelineEntry {
    // planned_on should already be the first day of its period; the period is recomputed so the item and the
    // calendar event cover exactly what the label says even if it is not.
    const period = periodOf(m.plannedOn, m.precision);
    const slippage = slippageDays(m.plannedOn, m.precision, m.actualOn, today);
    const status = m.actualOn ? 'achieved' : slippage !== null && slippage > 0 ? 'late' : 'upcoming';
    const item: TimelineItemDto = {
      type: 'milestone',
      id: m.id,
      title: m.title,
      date: period.start,
      endDate: period.end,
      precision: m.precision,
      label: formatAtPrecision(m.plannedOn, m.precision, locale),
      status,
      actualOn: m.actualOn,
      slippageDays: slippage,
    };
    return { item, updatedAt: m.updatedAt, version: m.version, location: null };
  }

  private deliverable(d: Deliverable, locale: Locale): TimelineEntry {
    const item: TimelineItemDto = {
      type: 'deliverable',
      id: d.id,
      title: d.title,
      date: d.dueOn,
      endDate: d.dueOn,
      precision: 'day',
      label: formatAtPrecision(d.dueOn, 'day', locale),
      status: d.status,
    };
    return { item, updatedAt: d.updatedAt, version: d.version, location: null };
  }

  private workshop(w: Workshop, locale: Locale, today: string): TimelineEntry {
    const endDate = w.endsOn ?? w.startsOn;
    const item: TimelineItemDto = {
      type: 'workshop',
      id: w.id,
      title: w.title,
      date: w.startsOn,
      endDate,
      precision: 'day',
      label: formatAtPrecision(w.startsOn, 'day', locale),
      status: endDate < today ? 'held' : 'upcoming',
    };
    return { item, updatedAt: w.updatedAt, version: w.version, location: w.location };
  }
}
