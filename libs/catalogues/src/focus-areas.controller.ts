// /focus-areas: every user reads the catalogue; admins extend it and rename entries.
import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '@vigia/auth';
import { CataloguesService } from './catalogues.service';
import { CreateFocusAreaDto, FocusAreaDto, FocusAreaPageDto, UpdateFocusAreaDto } from './dto/focus-area.dto';
import { CatalogueQueryDto } from './dto/localized-names.dto';

@ApiTags('catalogues')
@Controller('focus-areas')
export class FocusAreasController {
  constructor(private readonly catalogues: CataloguesService) {}

  /** The catalogue, in its order; `name` in `?locale=` (en by default). */
  @Get()
  @Access.user()
  async list(@Query() query: CatalogueQueryDto): Promise<FocusAreaPageDto> {
    const page = await this.catalogues.listFocusAreas(query);
    return { items: page.items.map((f) => FocusAreaDto.from(f, query.locale)), nextCursor: page.nextCursor };
  }

  @Post()
  @Access.admin()
  @ApiConflictResponse({ description: 'The code is taken' })
  async create(@Body() dto: CreateFocusAreaDto): Promise<FocusAreaDto> {
    return FocusAreaDto.from(await this.catalogues.createFocusArea(dto));
  }

  @Patch(':id')
  @Access.admin()
  @ApiConflictResponse({ description: 'Stale version' })
  async update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateFocusAreaDto): Promise<FocusAreaDto> {
    return FocusAreaDto.from(await this.catalogues.updateFocusArea(id, dto));
  }
}
