// Body of POST /reviews/:id/reports: what to generate, in which format and language.
import { ApiProperty } from '@nestjs/swagger';
import { type Locale, LOCALES } from '@vigia/common';
import { IsIn } from 'class-validator';
import { REPORT_FORMATS, REPORT_KINDS, type ReportFormat, type ReportKind } from '../report.entity';

export class CreateReportDto {
  /** `milestone`: progress at a milestone; `findings`: the findings register; `full`: the review report. */
  @ApiProperty({ enum: REPORT_KINDS })
  @IsIn(REPORT_KINDS)
  kind!: ReportKind;

  /** `milestone` and `findings` come as pdf, html, csv or xlsx; `full` as pdf or html. */
  @ApiProperty({ enum: REPORT_FORMATS })
  @IsIn(REPORT_FORMATS)
  format!: ReportFormat;

  /** Language of the headings, labels, dates and catalogue names. */
  @ApiProperty({ enum: LOCALES })
  @IsIn(LOCALES)
  locale!: Locale;
}
