// /reviews/:id/reminder-policy: when the review's people are reminded of what falls due.
import { Body, Controller, Get, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiConflictResponse, ApiTags } from '@nestjs/swagger';
import { Access, ANY_MEMBER, CurrentReviewAccess, type ReviewAccess } from '@vigia/auth';
import { PutReminderPolicyDto, ReminderPolicyDto } from './dto/reminder-policy.dto';
import { ReminderPolicyService } from './reminder-policy.service';

@ApiTags('reminders')
@Controller('reviews/:id/reminder-policy')
export class ReminderPolicyController {
  constructor(private readonly policies: ReminderPolicyService) {}

  /** The review's policy, or the default ([14, 3, 1] days before, every 7 days overdue) with isDefault and version 0. */
  @Get()
  @Access.review(ANY_MEMBER)
  get(
    @Param('id', ParseUUIDPipe) _id: string,
    @CurrentReviewAccess() access: ReviewAccess,
  ): Promise<ReminderPolicyDto> {
    return this.policies.get(access.reviewId);
  }

  /** Creates or replaces the review's policy; reminders already sent stay sent. */
  @Put()
  @Access.review(['coordinator'])
  @ApiConflictResponse({ description: 'Stale version' })
  put(
    @Param('id', ParseUUIDPipe) _id: string,
    @Body() dto: PutReminderPolicyDto,
    @CurrentReviewAccess() access: ReviewAccess,
  ): Promise<ReminderPolicyDto> {
    return this.policies.put(access.reviewId, dto);
  }
}
