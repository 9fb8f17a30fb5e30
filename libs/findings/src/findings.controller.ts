// /reviews/:id/findings, /findings/:id and its workflow transitions.
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, ANY_MEMBER, type AuthUser, CurrentReviewAccess, CurrentUser, type ReviewAccess } from '@vigia/auth';
import { CreateFindingDto } from './dto/create-finding.dto';
import { FindingDetailDto, FindingPageDto } from './dto/finding.dto';
import { ListFindingsQueryDto } from './dto/list-findings.dto';
import { TransitionFindingDto } from './dto/transition-finding.dto';
import { UpdateFindingDto } from './dto/update-finding.dto';
import { FindingsService } from './findings.service';

@ApiTags('findings')
@Controller()
export class FindingsController {
  constructor(private readonly findings: FindingsService) {}

  /** The findings register, newest first by default. */
  @Get('reviews/:id/findings')
  @Access.review(ANY_MEMBER)
  list(
    @Param('id', ParseUUIDPipe) _id: string,
    @Query() query: ListFindingsQueryDto,
    @CurrentReviewAccess() access: ReviewAccess,
  ): Promise<FindingPageDto> {
    return this.findings.list(access, query);
  }

  /** New findings start as a `draft` of the caller's. */
  @Post('reviews/:id/findings')
  @Access.review(['coordinator', 'auditor'])
  create(
    @Param('id', ParseUUIDPipe) _id: string,
    @Body() dto: CreateFindingDto,
    @CurrentReviewAccess() access: ReviewAccess,
    @CurrentUser() user: AuthUser,
  ): Promise<FindingDetailDto> {
    return this.findings.create(access, dto, user);
  }

  @Get('findings/:id')
  @Access.review(ANY_MEMBER, { via: 'finding' })
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentReviewAccess() access: ReviewAccess): Promise<FindingDetailDto> {
    return this.findings.get(access, id);
  }

  /** The author or the coordinator; an approved finding is read-only until it is reopened. */
  @Patch('findings/:id')
  @Access.review(['coordinator', 'auditor'], { via: 'finding' })
  @ApiConflictResponse({ description: 'Stale version, or the finding is approved' })
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateFindingDto,
    @CurrentReviewAccess() access: ReviewAccess,
    @CurrentUser() user: AuthUser,
  ): Promise<FindingDetailDto> {
    return this.findings.update(access, id, dto, user);
  }

  /**
   * draft -> in_review (an auditor or the coordinator submits); in_review -> approved or back to draft (the
   * coordinator); approved -> draft (the coordinator reopens it, with a reason).
   */
  @Post('findings/:id/transitions')
  @HttpCode(200)
  @Access.review(['coordinator', 'auditor'], { via: 'finding' })
  @ApiOkResponse({ type: FindingDetailDto, description: 'The finding after the move, with its history' })
  @ApiConflictResponse({ description: 'Not a legal move from the current status' })
  transition(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: TransitionFindingDto,
    @CurrentReviewAccess() access: ReviewAccess,
    @CurrentUser() user: AuthUser,
  ): Promise<FindingDetailDto> {
    return this.findings.transition(access, id, dto, user);
  }
}
