// Query of GET /reviews/:id/findings: the register's filters, full-text search, sort and the page.
import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto, QueryList, Trim } from '@vigia/common';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { FINDING_STATUSES, type FindingStatus, RATINGS, type Rating } from '../finding.entity';

export const FINDING_SORTS = ['createdAt', '-createdAt', 'rating', '-rating', 'title'] as const;
export type FindingSort = (typeof FINDING_SORTS)[number];

export class ListFindingsQueryDto extends PageQueryDto {
  @IsOptional()
  @IsUUID()
  focusAreaId?: string;

  @ApiPropertyOptional({
    type: String,
    description: `One rating or a comma-separated list: ${RATINGS.join(', ')}`,
    example: 'high,critical',
  })
  @IsOptional()
  @QueryList()
  @ArrayMinSize(1)
  @ArrayMaxSize(RATINGS.length)
  @IsIn(RATINGS, { each: true })
  rating?: Rating[];

  @ApiPropertyOptional({
    type: String,
    description: `One status or a comma-separated list: ${FINDING_STATUSES.join(', ')}`,
    example: 'draft,in_review',
  })
  @IsOptional()
  @QueryList()
  @ArrayMinSize(1)
  @ArrayMaxSize(FINDING_STATUSES.length)
  @IsIn(FINDING_STATUSES, { each: true })
  status?: FindingStatus[];

  /** A principle code (`integrity`): findings that cite it. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  principle?: string;

  @IsOptional()
  @IsUUID()
  authorId?: string;

  /**
   * Words to find in the title, condition, criteria, cause and effect; every word must occur. Accents and case are
   * ignored both ways ("licitacion" finds "LICITACIÓN"); words match as written, without stemming.
   */
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  q?: string;

  /**
   * A leading `-` sorts descending; `rating` orders by severity (likelihood x impact). Ties are broken by id, so
   * paging is stable.
   */
  @ApiPropertyOptional({ enum: FINDING_SORTS, default: '-createdAt' })
  @IsOptional()
  @IsIn(FINDING_SORTS)
  sort?: FindingSort;
}
