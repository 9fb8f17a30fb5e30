export * from './audit-event.entity';
export * from './audit.subscriber';
export * from './audited.decorator';
