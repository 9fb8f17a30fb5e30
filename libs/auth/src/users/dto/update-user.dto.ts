import { Transform } from 'class-transformer';
import { LOCALES, type Locale, Optional } from '@vigia/common';
import { IsBoolean, IsIn, IsInt, IsString, MaxLength, Min, MinLength } from 'class-validator';
import { GLOBAL_ROLES, type GlobalRole } from '../../roles';

export class UpdateUserDto {
  @Optional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @Optional()
  @IsIn(GLOBAL_ROLES)
  role?: GlobalRole;

  @Optional()
  @IsIn(LOCALES)
  locale?: Locale;

  /** An inactive account cannot sign in, refresh, or use its access tokens. */
  @Optional()
  @IsBoolean()
  active?: boolean;

  @Optional()
  @IsString()
  @MinLength(12)
  @MaxLength(256)
  password?: string;

  /** The version you read; a stale one gets 409. */
  @IsInt()
  @Min(1)
  version!: number;
}
