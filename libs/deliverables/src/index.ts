export * from './deliverable-transition.entity';
export * from './deliverable.entity';
export * from './deliverables.module';
export * from './milestone.entity';
