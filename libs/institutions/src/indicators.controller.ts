// /institutions/:id/indicators: any user reads an institution's figures, admins record them.
import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '@vigia/auth';
import { CreateIndicatorDto, IndicatorDto, IndicatorPageDto, ListIndicatorsQueryDto } from './dto/indicator.dto';
import { IndicatorsService } from './indicators.service';

@ApiTags('institutions')
@Controller('institutions/:id/indicators')
export class IndicatorsController {
  constructor(private readonly indicators: IndicatorsService) {}

  /** Ordered by metric, then year; filter by `metric` and `year`. */
  @Get()
  @Access.user()
  @ApiNotFoundResponse({ description: 'No such institution' })
  async list(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: ListIndicatorsQueryDto,
  ): Promise<IndicatorPageDto> {
    const page = await this.indicators.list(id, query);
    return { items: page.items.map((i) => IndicatorDto.from(i)), nextCursor: page.nextCursor };
  }

  @Post()
  @Access.admin()
  @ApiNotFoundResponse({ description: 'No such institution' })
  @ApiConflictResponse({ description: 'The institution already has a figure for this metric and year' })
  async create(@Param('id', ParseUUIDPipe) id: string, @Body() dto: CreateIndicatorDto): Promise<IndicatorDto> {
    return IndicatorDto.from(await this.indicators.create(id, dto));
  }
}
