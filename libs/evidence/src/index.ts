export * from './dto/evidence.dto';
export * from './evidence.entity';
export * from './evidence.module';
export * from './evidence.service';
export * from './storage/evidence-storage';
export * from './storage/local-disk.storage';
export * from './storage/s3.storage';
export * from './upload/content-type';
