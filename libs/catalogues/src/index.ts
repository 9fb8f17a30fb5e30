export * from './catalogues.module';
export * from './catalogues.service';
export * from './dto/focus-area.dto';
export * from './dto/localized-names.dto';
export * from './dto/principle.dto';
export * from './focus-area.entity';
export * from './principle.entity';
