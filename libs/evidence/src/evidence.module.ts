// Evidence files for findings and follow-ups: upload with limits and content checks, storage, download.
import { Module } from '@nestjs/common';

@Module({})
export class EvidenceModule {}
