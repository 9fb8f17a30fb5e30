export * from './mail-message.entity';
export * from './notification.entity';
export * from './reminder-policy.entity';
export * from './reminders.module';
