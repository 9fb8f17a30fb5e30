export * from './timeline.module';
