// /principles: the twelve principles of the OECD 2015 Recommendation, read-only.
import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access } from '@vigia/auth';
import { CataloguesService } from './catalogues.service';
import { CatalogueQueryDto } from './dto/localized-names.dto';
import { PrincipleDto, PrinciplePageDto } from './dto/principle.dto';

@ApiTags('catalogues')
@Controller('principles')
export class PrinciplesController {
  constructor(private readonly catalogues: CataloguesService) {}

  /** In the Recommendation's order; `name` in `?locale=` (en by default). */
  @Get()
  @Access.user()
  async list(@Query() query: CatalogueQueryDto): Promise<PrinciplePageDto> {
    const page = await this.catalogues.listPrinciples(query);
    return { items: page.items.map((p) => PrincipleDto.from(p, query.locale)), nextCursor: page.nextCursor };
  }
}
