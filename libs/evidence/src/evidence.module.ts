// Evidence files for findings and follow-ups: upload with limits and content checks, storage, download.
import { Module, type OnModuleInit } from '@nestjs/common';
import { ReviewScopeRegistry } from '@vigia/auth';
import { FindingsModule, RecommendationsModule } from '@vigia/findings';
import { EvidenceController } from './evidence.controller';
import { EvidenceService } from './evidence.service';
import { EVIDENCE_STORAGE } from './storage/evidence-storage';
import { evidenceStorageProvider } from './storage/evidence-storage.provider';
import { UploadReceiver } from './upload/upload-receiver';

// Its routes resolve findings and follow-ups through the names those modules register.
@Module({
  imports: [FindingsModule, RecommendationsModule],
  controllers: [EvidenceController],
  providers: [EvidenceService, UploadReceiver, evidenceStorageProvider],
  exports: [EvidenceService, EVIDENCE_STORAGE],
})
export class EvidenceModule implements OnModuleInit {
  constructor(private readonly scopes: ReviewScopeRegistry) {}

  /**
   * Lets the AccessGuard find the review behind /evidence/:id. Findings and follow-ups are resolved under the names
   * their own modules register ('finding', 'follow-up'): a follow-up's evidence belongs to the review the follow-up
   * was recorded in, and only that review's members act on it.
   */
  onModuleInit(): void {
    this.scopes.registerTable('evidence', 'evidence', 'review_id');
  }
}
