// Bodies and answers of /focus-areas.
import type { Locale } from '@vigia/common';
import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsOptional, IsString, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import type { FocusArea } from '../focus-area.entity';
import { LocalizedNamesDto, nameIn, namesOf, PartialLocalizedNamesDto } from './localized-names.dto';

export const FOCUS_AREA_CODE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export class CreateFocusAreaDto {
  /** Stable kebab-case code, unique in the catalogue (e.g. `bid-rigging`). */
  @IsString()
  @MaxLength(64)
  @Matches(FOCUS_AREA_CODE, { message: 'code must be kebab-case: lower-case letters and digits joined by hyphens' })
  code!: string;

  @IsDefined()
  @ValidateNested()
  @Type(() => LocalizedNamesDto)
  names!: LocalizedNamesDto;
}

/** The code is stable (clients and findings refer to it); only the names change. */
export class UpdateFocusAreaDto {
  @IsOptional()
  @ValidateNested()
  @Type(() => PartialLocalizedNamesDto)
  names?: PartialLocalizedNamesDto;

  @IsInt()
  @Min(1)
  version!: number;
}

export class FocusAreaDto {
  id!: string;
  code!: string;
  /** The name in the requested locale. */
  name!: string;
  names!: LocalizedNamesDto;
  /** Catalogue order. */
  position!: number;
  version!: number;
  createdAt!: Date;
  updatedAt!: Date;

  static from(f: FocusArea, locale?: Locale): FocusAreaDto {
    return Object.assign(new FocusAreaDto(), {
      id: f.id,
      code: f.code,
      name: nameIn(f, locale),
      names: namesOf(f),
      position: f.position,
      version: f.version,
      createdAt: f.createdAt,
      updatedAt: f.updatedAt,
    });
  }
}

export class FocusAreaPageDto {
  items!: FocusAreaDto[];
  nextCursor!: string | null;
}
