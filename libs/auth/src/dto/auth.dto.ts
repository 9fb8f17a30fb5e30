// What /auth and /me take and answer.
import { LOCALES, type Locale } from '@vigia/common';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { UserDto } from '../users/dto/user.dto';
import type { GlobalRole, MemberRole } from '../roles';

export class LoginDto {
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password!: string;
}

export class RefreshDto {
  @IsString()
  @MaxLength(128)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'refreshToken is not valid' })
  refreshToken!: string;
}

export class TokenPairDto {
  accessToken!: string;
  refreshToken!: string;
  /** Seconds until the access token expires. */
  expiresIn!: number;
  user!: UserDto;
}

export class MembershipDto {
  reviewId!: string;
  role!: MemberRole;
}

export class MeDto {
  id!: string;
  email!: string;
  name!: string;
  role!: GlobalRole;
  /** `en`, `es` or `fr`: the language of the user's reminders and e-mail. */
  locale!: Locale;
  memberships!: MembershipDto[];
}

/**
 * Your own preferences. No `version`: the locale is the only field and it is yours alone, so a concurrent edit of
 * the account by an admin (name, role) cannot be lost by it.
 */
export class UpdateMeDto {
  /** `en`, `es` or `fr`: the language of the web app, your reminders and your e-mail. */
  @IsIn(LOCALES)
  locale!: Locale;
}
