export * from './demo.module';
