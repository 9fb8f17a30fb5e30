export * from './mail-message.entity';
export * from './notification.entity';
export * from './reminder-policy.entity';
export * from './reminders.module';
export * from './reminder-scan.service';
export * from './reminder-delivery.service';
export * from './mail-sender.service';
