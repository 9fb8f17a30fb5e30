// Renders timeline entries as an iCalendar (RFC 5545) document of all-day events.
import ical from 'ical-generator';
import type { TimelineItemDto } from './dto/timeline.dto';

/** A timeline item plus what the feed needs to stay stable between fetches. */
export interface TimelineEntry {
  item: TimelineItemDto;
  /** The record's last change: the event's DTSTAMP and LAST-MODIFIED, so an unchanged record renders the same. */
  updatedAt: Date;
  /** The record's version, as the event's SEQUENCE, so calendar clients notice a rescheduled event. */
  version: number;
  location: string | null;
}

const midnightUtc = (date: string): Date => new Date(`${date}T00:00:00Z`);

/** The day after `date`: DTEND of an all-day event is exclusive. */
function dayAfter(date: string): Date {
  const next = midnightUtc(date);
  next.setUTCDate(next.getUTCDate() + 1);
  return next;
}

function summary(item: TimelineItemDto): string {
  // A milestone's date is often a period ("Summer 2019"): the title alone would hide how vague it is.
  return item.type === 'milestone' ? `${item.title} (${item.label})` : item.title;
}

function description(item: TimelineItemDto): string {
  const lines = [`Status: ${item.status}`];
  if (item.type === 'milestone') {
    if (item.actualOn) lines.push(`Achieved on: ${item.actualOn}`);
    if (item.slippageDays !== null && item.slippageDays !== undefined) {
      lines.push(`Slippage: ${item.slippageDays} day${Math.abs(item.slippageDays) === 1 ? '' : 's'}`);
    }
  }
  return lines.join('\n');
}

/**
 * One all-day event per entry, spanning its whole period. No calendar time zone is set, so dates are written as
 * DATE values from their UTC calendar day, whatever the server's zone.
 */
export function renderCalendar(name: string, entries: TimelineEntry[]): string {
  const calendar = ical({
    name,
    prodId: { company: 'Vigia', product: 'Timeline', language: 'EN' },
    // Calendar applications poll a subscription; hourly keeps it fresh without hammering the api.
    ttl: 3600,
  });
  for (const { item, updatedAt, version, location } of entries) {
    calendar.createEvent({
      // Stable per record, so a client updates the event instead of adding a copy on every fetch.
      id: `${item.type}-${item.id}@vigia`,
      sequence: Math.max(version - 1, 0),
      stamp: updatedAt,
      lastModified: updatedAt,
      allDay: true,
      start: midnightUtc(item.date),
      end: dayAfter(item.endDate),
      summary: summary(item),
      description: description(item),
      location: location ?? undefined,
    });
  }
  return calendar.toString();
}
