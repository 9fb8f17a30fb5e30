// Findings: the register (filters, full-text search), the workflow with its history, and comments.
import { Module, type OnModuleInit } from '@nestjs/common';
import { ReviewScopeRegistry } from '@vigia/auth';
import { CommentsController } from './comments.controller';
import { CommentsService } from './comments.service';
import { FindingsController } from './findings.controller';
import { FindingsService } from './findings.service';

@Module({
  controllers: [FindingsController, CommentsController],
  providers: [FindingsService, CommentsService],
  exports: [FindingsService],
})
export class FindingsModule implements OnModuleInit {
  constructor(private readonly scopes: ReviewScopeRegistry) {}

  /** Lets the AccessGuard find the review behind /findings/:id (and its comments and transitions). */
  onModuleInit(): void {
    this.scopes.registerTable('finding', 'findings', 'review_id');
  }
}
