export * from './dto/indicator.dto';
export * from './indicator.entity';
export * from './indicators.service';
export * from './institution.entity';
export * from './institutions.module';
export * from './institutions.service';
