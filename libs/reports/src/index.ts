export * from './report.entity';
export * from './report-data';
export * from './reports.module';
