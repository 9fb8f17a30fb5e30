import { Transform } from 'class-transformer';
import { LOCALES, type Locale } from '@vigia/common';
import { IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { GLOBAL_ROLES, type GlobalRole } from '../../roles';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class CreateUserDto {
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail()
  @MaxLength(254)
  email!: string;

  /** At least 12 characters. */
  @IsString()
  @MinLength(12)
  @MaxLength(256)
  password!: string;

  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @IsIn(GLOBAL_ROLES)
  role!: GlobalRole;

  /** Language of the user's reminders and e-mail: `en` (default), `es` or `fr`. */
  @IsOptional()
  @IsIn(LOCALES)
  locale?: Locale;
}
