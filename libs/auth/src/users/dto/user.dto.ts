import { type Locale, PageQueryDto } from '@vigia/common';
import { IsIn, IsOptional } from 'class-validator';
import { GLOBAL_ROLES, type GlobalRole } from '../../roles';
import type { User } from '../user.entity';

export class UserDto {
  id!: string;
  email!: string;
  name!: string;
  role!: GlobalRole;
  active!: boolean;
  locale!: Locale;
  version!: number;
  createdAt!: Date;
  updatedAt!: Date;

  static from(u: User): UserDto {
    return Object.assign(new UserDto(), {
      id: u.id,
      email: u.email,
      name: u.name,
      role: u.role,
      active: u.active,
      locale: u.locale,
      version: u.version,
      createdAt: u.createdAt,
      updatedAt: u.updatedAt,
    });
  }
}

export class UserPageDto {
  items!: UserDto[];
  nextCursor!: string | null;
}

export class ListUsersQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(GLOBAL_ROLES)
  role?: GlobalRole;
}
