// Queries of the milestone routes: the language of the labels, and the list's filters and page.
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateOnly, type Locale, LOCALES, PageQueryDto, QueryBoolean } from '@vigia/common';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';

export class MilestoneLocaleQueryDto {
  /** Language of `label`. */
  @ApiPropertyOptional({ enum: LOCALES, default: 'en' })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: Locale;
}

export class ListMilestonesQueryDto extends PageQueryDto {
  /** Language of `label`. */
  @ApiPropertyOptional({ enum: LOCALES, default: 'en' })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: Locale;

  /** `true`: only milestones with an actual date; `false`: only those still to be achieved. */
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  achieved?: boolean;

  /** Planned period starting on or after this day. */
  @IsOptional()
  @IsDateOnly()
  from?: string;

  /** Planned period starting on or before this day. */
  @IsOptional()
  @IsDateOnly()
  to?: string;
}
