// Reminders: review policies, the scan, notifications, the manager digest and the mail outbox.
import { Injectable, Module } from '@nestjs/common';
import { JobHandler, JobName } from '@vigia/queue';

// PLACEHOLDER (replaced by the reminders work in progress): keeps the boot check satisfied.
@Injectable()
export class PendingReminderJobs {
  @JobHandler(JobName.ScanReminders)
  scan(): Promise<void> {
    return Promise.reject(new Error('not built yet'));
  }
  @JobHandler(JobName.ScanDigests)
  digests(): Promise<void> {
    return Promise.reject(new Error('not built yet'));
  }
  @JobHandler(JobName.DeliverReminder)
  deliver(): Promise<void> {
    return Promise.reject(new Error('not built yet'));
  }
  @JobHandler(JobName.SendMail)
  send(): Promise<void> {
    return Promise.reject(new Error('not built yet'));
  }
}

@Module({ providers: [PendingReminderJobs] })
export class RemindersModule {}
