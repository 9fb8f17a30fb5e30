// /reviews/:id/workshops and /workshops/:id: members read, coordinators plan and edit.
import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiTags } from '@nestjs/swagger';
import { Access, ANY_MEMBER, CurrentReviewAccess, type ReviewAccess } from '@vigia/auth';
import {
  CreateWorkshopDto,
  ListWorkshopsQueryDto,
  UpdateWorkshopDto,
  WorkshopDetailDto,
  WorkshopDto,
  WorkshopPageDto,
} from './dto/workshop.dto';
import { WorkshopsService } from './workshops.service';

@ApiTags('workshops')
@Controller()
export class WorkshopsController {
  constructor(private readonly workshops: WorkshopsService) {}

  /** The review's workshops by start date; `from` and `to` bound the start date. */
  @Get('reviews/:id/workshops')
  @Access.review(ANY_MEMBER)
  async list(
    @Param('id', ParseUUIDPipe) _id: string,
    @Query() query: ListWorkshopsQueryDto,
    @CurrentReviewAccess() access: ReviewAccess,
  ): Promise<WorkshopPageDto> {
    const page = await this.workshops.list(access.reviewId, query);
    return { items: page.items.map((w) => WorkshopDto.from(w)), nextCursor: page.nextCursor };
  }

  @Post('reviews/:id/workshops')
  @Access.review(['coordinator'])
  async create(
    @Param('id', ParseUUIDPipe) _id: string,
    @Body() dto: CreateWorkshopDto,
    @CurrentReviewAccess() access: ReviewAccess,
  ): Promise<WorkshopDto> {
    return WorkshopDto.from(await this.workshops.create(access.reviewId, dto));
  }

  /** The workshop with its participants and the evaluation summary. */
  @Get('workshops/:id')
  @Access.review(ANY_MEMBER, { via: 'workshop' })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<WorkshopDetailDto> {
    return this.workshops.get(id);
  }

  @Patch('workshops/:id')
  @Access.review(['coordinator'], { via: 'workshop' })
  @ApiConflictResponse({ description: 'Stale version' })
  async update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateWorkshopDto): Promise<WorkshopDto> {
    return WorkshopDto.from(await this.workshops.update(id, dto));
  }
}
