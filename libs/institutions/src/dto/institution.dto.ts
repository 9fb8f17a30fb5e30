import { PageQueryDto, Trim } from '@vigia/common';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { JURISDICTIONS, type Institution, type Jurisdiction } from '../institution.entity';

const upper = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toUpperCase() : value;

export class CreateInstitutionDto {
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name!: string;

  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  acronym!: string;

  @IsIn(JURISDICTIONS)
  jurisdiction!: Jurisdiction;

  /** Required for a state institution. */
  @ValidateIf((o: CreateInstitutionDto) => o.jurisdiction === 'state' || o.state !== undefined)
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  state?: string;

  /** ISO 3166-1 alpha-2, e.g. MX. */
  @Transform(upper)
  @IsISO31661Alpha2()
  country!: string;
}

export class UpdateInstitutionDto {
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name?: string;

  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  acronym?: string;

  @IsOptional()
  @IsIn(JURISDICTIONS)
  jurisdiction?: Jurisdiction;

  /** null clears it (only for a federal institution). */
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  state?: string | null;

  @IsOptional()
  @Transform(upper)
  @IsISO31661Alpha2()
  country?: string;

  @IsInt()
  @Min(1)
  version!: number;
}

export class ListInstitutionsQueryDto extends PageQueryDto {}

export class InstitutionDto {
  id!: string;
  name!: string;
  acronym!: string;
  jurisdiction!: Jurisdiction;
  state!: string | null;
  country!: string;
  version!: number;
  createdAt!: Date;
  updatedAt!: Date;

  static from(i: Institution): InstitutionDto {
    return Object.assign(new InstitutionDto(), {
      id: i.id,
      name: i.name,
      acronym: i.acronym,
      jurisdiction: i.jurisdiction,
      state: i.state,
      country: i.country,
      version: i.version,
      createdAt: i.createdAt,
      updatedAt: i.updatedAt,
    });
  }
}

export class InstitutionPageDto {
  items!: InstitutionDto[];
  nextCursor!: string | null;
}
