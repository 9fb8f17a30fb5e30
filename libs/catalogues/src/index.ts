export * from './catalogues.module';
export * from './focus-area.entity';
export * from './principle.entity';
