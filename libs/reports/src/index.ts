export * from './report-data.service';
export * from './dto/create-report.dto';
export * from './dto/report.dto';
export * from './report.entity';
export * from './report-data';
export * from './report-generation.service';
export * from './reports.module';
export * from './reports.service';
