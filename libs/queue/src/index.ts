export * from './job-handler.decorator';
export * from './queue-backend';
export * from './queue-worker.host';
export * from './queue.constants';
export * from './queue.module';
export * from './queue.options';
export * from './queue.service';
