export * from './participant.entity';
export * from './participants.service';
export * from './workshop.entity';
export * from './workshops.module';
export * from './workshops.service';
