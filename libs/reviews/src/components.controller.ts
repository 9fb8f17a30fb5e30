// /reviews/:id/components and /components/:id: members read, coordinators add and edit.
import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiTags } from '@nestjs/swagger';
import { Access, ANY_MEMBER, CurrentReviewAccess, type ReviewAccess } from '@vigia/auth';
import { ComponentsService } from './components.service';
import { ComponentDto, ComponentListDto, CreateComponentDto, UpdateComponentDto } from './dto/component.dto';

@ApiTags('reviews')
@Controller()
export class ComponentsController {
  constructor(private readonly components: ComponentsService) {}

  /** In the review's order: by position, then creation. */
  @Get('reviews/:id/components')
  @Access.review(ANY_MEMBER)
  async list(
    @Param('id', ParseUUIDPipe) _id: string,
    @CurrentReviewAccess() access: ReviewAccess,
  ): Promise<ComponentListDto> {
    return { items: await this.components.list(access.reviewId), nextCursor: null };
  }

  @Post('reviews/:id/components')
  @Access.review(['coordinator'])
  create(
    @Param('id', ParseUUIDPipe) _id: string,
    @Body() dto: CreateComponentDto,
    @CurrentReviewAccess() access: ReviewAccess,
  ): Promise<ComponentDto> {
    return this.components.create(access.reviewId, dto);
  }

  @Patch('components/:id')
  @Access.review(['coordinator'], { via: 'component' })
  @ApiConflictResponse({ description: 'Stale version' })
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateComponentDto,
    @CurrentReviewAccess() access: ReviewAccess,
  ): Promise<ComponentDto> {
    return this.components.update(id, access, dto);
  }
}
