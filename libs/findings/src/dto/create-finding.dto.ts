// Body of POST /reviews/:id/findings, and the field rules PATCH /findings/:id shares.
import { Trim } from '@vigia/common';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

/** More than the twelve OECD principles: keeps a request from naming the catalogue thousands of times. */
export const MAX_PRINCIPLE_CODES = 50;
export const MAX_FINDING_TEXT = 20000;

/** Codes trimmed, repeats dropped in order; anything that is not a list of strings is left for the validators. */
export function UniqueCodes(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) =>
    Array.isArray(value) && value.every((v): v is string => typeof v === 'string')
      ? [...new Set(value.map((v) => v.trim()))]
      : value,
  );
}

export const NOT_BLANK = /\S/;

export class CreateFindingDto {
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title!: string;

  /** A focus area from GET /focus-areas. */
  @IsUUID()
  focusAreaId!: string;

  /** Codes from GET /principles (`integrity`, `transparency`, ...); at least one; repeats are dropped. */
  @UniqueCodes()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PRINCIPLE_CODES)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(64, { each: true })
  principleCodes!: string[];

  /** What was found. */
  @IsString()
  @Matches(NOT_BLANK, { message: '$property must not be blank' })
  @MaxLength(MAX_FINDING_TEXT)
  condition!: string;

  /** What good practice requires. */
  @IsString()
  @Matches(NOT_BLANK, { message: '$property must not be blank' })
  @MaxLength(MAX_FINDING_TEXT)
  criteria!: string;

  @IsString()
  @Matches(NOT_BLANK, { message: '$property must not be blank' })
  @MaxLength(MAX_FINDING_TEXT)
  cause!: string;

  /** The effect, or the risk it creates. */
  @IsString()
  @Matches(NOT_BLANK, { message: '$property must not be blank' })
  @MaxLength(MAX_FINDING_TEXT)
  effect!: string;

  /** 1 (rare) to 5 (almost certain). */
  @IsInt()
  @Min(1)
  @Max(5)
  likelihood!: number;

  /** 1 (minor) to 5 (severe). */
  @IsInt()
  @Min(1)
  @Max(5)
  impact!: number;
}
