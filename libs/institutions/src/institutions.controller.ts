// /institutions: any user reads, admins create and edit.
import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access } from '@vigia/auth';
import {
  CreateInstitutionDto,
  InstitutionDto,
  InstitutionPageDto,
  ListInstitutionsQueryDto,
  UpdateInstitutionDto,
} from './dto/institution.dto';
import { InstitutionsService } from './institutions.service';

@ApiTags('institutions')
@Controller('institutions')
export class InstitutionsController {
  constructor(private readonly institutions: InstitutionsService) {}

  @Get()
  @Access.user()
  async list(@Query() query: ListInstitutionsQueryDto): Promise<InstitutionPageDto> {
    const page = await this.institutions.list(query);
    return { items: page.items.map((i) => InstitutionDto.from(i)), nextCursor: page.nextCursor };
  }

  @Post()
  @Access.admin()
  async create(@Body() dto: CreateInstitutionDto): Promise<InstitutionDto> {
    return InstitutionDto.from(await this.institutions.create(dto));
  }

  @Get(':id')
  @Access.user()
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<InstitutionDto> {
    return InstitutionDto.from(await this.institutions.get(id));
  }

  @Patch(':id')
  @Access.admin()
  async update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateInstitutionDto): Promise<InstitutionDto> {
    return InstitutionDto.from(await this.institutions.update(id, dto));
  }
}
