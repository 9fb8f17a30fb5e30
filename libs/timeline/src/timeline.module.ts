// A review's timeline (milestones, deliverable due dates, workshops) as JSON and as an iCalendar feed.
import { Module } from '@nestjs/common';

@Module({})
export class TimelineModule {}
