// /audit-events and /audit-events/verify.
import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access, type AuthUser, CurrentUser } from '@vigia/auth';
import { AuditService } from './audit.service';
import { AuditEventPageDto, AuditQueryDto, AuditVerifyDto } from './dto/audit.dto';

@ApiTags('audit')
@Controller('audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** Admins, or the coordinator of the review the record belongs to (entityType and entityId required). */
  @Get()
  @Access.user()
  list(@Query() query: AuditQueryDto, @CurrentUser() user: AuthUser): Promise<AuditEventPageDto> {
    return this.audit.list(query, { id: user.id, isAdmin: user.role === 'admin' });
  }

  @Get('verify')
  @Access.admin()
  verify(): Promise<AuditVerifyDto> {
    return this.audit.verify();
  }
}
