// The audit trail: read and verify over HTTP and daily through the queue; rows are written by AuditSubscriber.
import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { VerifyAuditChainJob } from './verify-audit-chain.job';

@Module({ controllers: [AuditController], providers: [AuditService, VerifyAuditChainJob], exports: [AuditService] })
export class AuditModule {}
