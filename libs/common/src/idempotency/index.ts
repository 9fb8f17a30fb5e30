export * from './idempotency-key.entity';
export * from './idempotency.exception';
export * from './idempotency.interceptor';
export * from './idempotency.module';
export * from './idempotency.service';
export * from './idempotency.subscriber';
export * from './idempotent-request';
