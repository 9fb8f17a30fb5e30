export * from './participant.entity';
export * from './workshop.entity';
export * from './workshops.module';
