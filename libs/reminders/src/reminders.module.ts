// Reminders: review policies, the scan, notifications, the manager digest and the mail outbox.
import { Module } from '@nestjs/common';
import { DeliverReminderJob } from './jobs/deliver-reminder.job';
import { ScanDigestsJob } from './jobs/scan-digests.job';
import { ScanRemindersJob } from './jobs/scan-reminders.job';
import { SendMailJob } from './jobs/send-mail.job';
import { MailSenderService } from './mail-sender.service';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';
import { OutboxController } from './outbox.controller';
import { OutboxService } from './outbox.service';
import { ReminderDeliveryService } from './reminder-delivery.service';
import { ReminderPolicyController } from './reminder-policy.controller';
import { ReminderPolicyService } from './reminder-policy.service';
import { ReminderScanService } from './reminder-scan.service';
import { RemindersAdminController } from './reminders-admin.controller';

// Its review routes resolve through the registry's built-in `review` scope, and nothing else here is review-scoped,
// so the module needs no resolver of its own (and boots in the worker, which has no AuthModule).
@Module({
  controllers: [ReminderPolicyController, NotificationsController, OutboxController, RemindersAdminController],
  providers: [
    ReminderPolicyService,
    ReminderScanService,
    ReminderDeliveryService,
    MailSenderService,
    NotificationsService,
    OutboxService,
    ScanRemindersJob,
    ScanDigestsJob,
    DeliverReminderJob,
    SendMailJob,
  ],
  exports: [ReminderScanService, ReminderDeliveryService, MailSenderService],
})
export class RemindersModule {}
