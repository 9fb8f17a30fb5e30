export * from './indicator.entity';
export * from './institution.entity';
export * from './institutions.module';
export * from './institutions.service';
