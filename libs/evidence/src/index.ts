export * from './evidence.entity';
export * from './evidence.module';
