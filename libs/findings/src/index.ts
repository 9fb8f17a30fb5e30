export * from './comment.entity';
export * from './finding-transition.entity';
export * from './finding.entity';
export * from './findings.module';
export * from './follow-up.entity';
export * from './recommendation.entity';
export * from './recommendations/figures-sql';
export * from './recommendations/recommendations.module';
