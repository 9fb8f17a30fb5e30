// A review's timeline (milestones, deliverable due dates, workshops) as JSON and as an iCalendar feed.
import { Module } from '@nestjs/common';
import { TimelineController } from './timeline.controller';
import { TimelineService } from './timeline.service';

// TokenService comes from the global AuthModule.
@Module({ controllers: [TimelineController], providers: [TimelineService] })
export class TimelineModule {}
