export * from './component.entity';
export * from './review-member.entity';
export * from './review.entity';
export * from './reviews.module';
export * from './reviews.service';
