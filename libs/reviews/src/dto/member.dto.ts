import { MEMBER_ROLES, type MemberRole } from '@vigia/auth';
import { IsIn, IsUUID } from 'class-validator';

export class AddMemberDto {
  @IsUUID()
  userId!: string;

  @IsIn(MEMBER_ROLES)
  role!: MemberRole;
}

export class MemberDto {
  id!: string;
  reviewId!: string;
  userId!: string;
  role!: MemberRole;
  name!: string;
  email!: string;
  version!: number;
  createdAt!: Date;
}

export class MemberListDto {
  items!: MemberDto[];
  nextCursor!: string | null;
}
