// Records one reminder or digest as a notification with its e-mail; queued by the scans.
import { Injectable } from '@nestjs/common';
import { JobHandler, JobName, type JobPayloads } from '@vigia/queue';
import { type DeliverOutcome, ReminderDeliveryService } from '../reminder-delivery.service';

@Injectable()
export class DeliverReminderJob {
  constructor(private readonly delivery: ReminderDeliveryService) {}

  /** Safe to run twice: the notification is unique per person, item and occasion. */
  @JobHandler(JobName.DeliverReminder)
  run(payload: JobPayloads[JobName.DeliverReminder]): Promise<DeliverOutcome> {
    return this.delivery.deliver(payload);
  }
}
