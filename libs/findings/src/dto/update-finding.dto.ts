// Body of PATCH /findings/:id. The status is not here: it only changes through a transition.
import { Optional, Trim } from '@vigia/common';
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
import { MAX_FINDING_TEXT, MAX_PRINCIPLE_CODES, NOT_BLANK, UniqueCodes } from './create-finding.dto';

/** Every field may be left out but none cleared; the status moves only through transitions. */
export class UpdateFindingDto {
  @Optional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title?: string;

  @Optional()
  @IsUUID()
  focusAreaId?: string;

  /** Replaces the whole list. */
  @Optional()
  @UniqueCodes()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PRINCIPLE_CODES)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(64, { each: true })
  principleCodes?: string[];

  @Optional()
  @IsString()
  @Matches(NOT_BLANK, { message: '$property must not be blank' })
  @MaxLength(MAX_FINDING_TEXT)
  condition?: string;

  @Optional()
  @IsString()
  @Matches(NOT_BLANK, { message: '$property must not be blank' })
  @MaxLength(MAX_FINDING_TEXT)
  criteria?: string;

  @Optional()
  @IsString()
  @Matches(NOT_BLANK, { message: '$property must not be blank' })
  @MaxLength(MAX_FINDING_TEXT)
  cause?: string;

  @Optional()
  @IsString()
  @Matches(NOT_BLANK, { message: '$property must not be blank' })
  @MaxLength(MAX_FINDING_TEXT)
  effect?: string;

  @Optional()
  @IsInt()
  @Min(1)
  @Max(5)
  likelihood?: number;

  @Optional()
  @IsInt()
  @Min(1)
  @Max(5)
  impact?: number;

  /** The version you read; a stale one gets 409. */
  @IsInt()
  @Min(1)
  version!: number;
}
