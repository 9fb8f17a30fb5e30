// Bodies, filters and answers of /institutions/:id/indicators.
import { PageQueryDto, Trim } from '@vigia/common';
import { Transform } from 'class-transformer';
import { IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { Indicator } from '../indicator.entity';

export const METRIC_CODE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
const METRIC_MESSAGE = 'metric must be snake_case: lower-case letters and digits joined by underscores';
/** numeric(20,4) holds 16 integer digits; a bound well inside it keeps every value exact as a JSON number too. */
export const MAX_INDICATOR_VALUE = 1e15;
// A named constant, not `-MAX_INDICATOR_VALUE`: the Swagger plugin drops a property whose bound is an expression.
export const MIN_INDICATOR_VALUE = -1e15;

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;

export class CreateIndicatorDto {
  /** snake_case code, e.g. `people_covered`, `hospital_beds`. */
  @IsString()
  @MaxLength(64)
  @Matches(METRIC_CODE, { message: METRIC_MESSAGE })
  metric!: string;

  @IsInt()
  @Min(1900)
  @Max(2100)
  year!: number;

  /** A finite number, at most four decimal places. */
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 4 })
  @Min(MIN_INDICATOR_VALUE)
  @Max(MAX_INDICATOR_VALUE)
  value!: number;

  /** What is counted, e.g. `people`, `beds`. */
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(32)
  unit?: string;

  /** The publication the figure comes from, as it should be cited. */
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  source!: string;
}

export class ListIndicatorsQueryDto extends PageQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(METRIC_CODE, { message: METRIC_MESSAGE })
  metric?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1900)
  @Max(2100)
  year?: number;
}

export class IndicatorDto {
  id!: string;
  institutionId!: string;
  metric!: string;
  year!: number;
  value!: number;
  unit!: string | null;
  source!: string;
  version!: number;
  createdAt!: Date;
  updatedAt!: Date;

  static from(i: Indicator): IndicatorDto {
    return Object.assign(new IndicatorDto(), {
      id: i.id,
      institutionId: i.institutionId,
      metric: i.metric,
      year: i.year,
      // PostgreSQL hands numeric over as a string so that nothing is rounded on the way; the API speaks numbers.
      value: Number(i.value),
      unit: i.unit,
      source: i.source,
      version: i.version,
      createdAt: i.createdAt,
      updatedAt: i.updatedAt,
    });
  }
}

export class IndicatorPageDto {
  items!: IndicatorDto[];
  nextCursor!: string | null;
}
