// Reviews (engagements), their teams and their components.
import { Module, OnModuleInit } from '@nestjs/common';
import { ReviewScopeRegistry } from '@vigia/auth';
import { ComponentsController } from './components.controller';
import { ComponentsService } from './components.service';
import { ReviewsController } from './reviews.controller';
import { ReviewsService } from './reviews.service';

@Module({
  controllers: [ReviewsController, ComponentsController],
  providers: [ReviewsService, ComponentsService],
  exports: [ReviewsService, ComponentsService],
})
export class ReviewsModule implements OnModuleInit {
  constructor(private readonly scopes: ReviewScopeRegistry) {}

  /** `@Access.review(..., { via: 'component' })` finds a component's review through this. */
  onModuleInit(): void {
    this.scopes.registerTable('component', 'review_components', 'review_id');
  }
}
