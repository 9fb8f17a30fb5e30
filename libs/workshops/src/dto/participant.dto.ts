// Participant bodies and answers: who was invited, who came, how they rated the workshop and scored in its tests.
import { Optional, Trim } from '@vigia/common';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import type { Participant } from '../participant.entity';

const email = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;
/** Test scores are stored as numeric(5,2). */
const SCORE = { allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 };

export class CreateParticipantDto {
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  organisation?: string;

  @IsOptional()
  @Transform(email)
  @IsEmail()
  @MaxLength(254)
  email?: string;
}

export class UpdateParticipantDto {
  @Optional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  organisation?: string | null;

  @IsOptional()
  @Transform(email)
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @Optional()
  @IsBoolean()
  attended?: boolean;

  /** 1 (poor) to 5 (excellent); null clears it. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  satisfaction?: number | null;

  /** Knowledge test before the workshop, 0 to 100 with up to two decimals; null clears it. */
  @IsOptional()
  @IsNumber(SCORE)
  @Min(0)
  @Max(100)
  preTestScore?: number | null;

  /** Knowledge test after the workshop, 0 to 100 with up to two decimals; null clears it. */
  @IsOptional()
  @IsNumber(SCORE)
  @Min(0)
  @Max(100)
  postTestScore?: number | null;

  /** The version you read; a stale one gets 409. */
  @IsInt()
  @Min(1)
  version!: number;
}

const score = (value: string | null): number | null => (value === null ? null : Number(value));

export class ParticipantDto {
  id!: string;
  workshopId!: string;
  reviewId!: string;
  name!: string;
  organisation!: string | null;
  email!: string | null;
  attended!: boolean;
  satisfaction!: number | null;
  preTestScore!: number | null;
  postTestScore!: number | null;
  version!: number;
  createdAt!: Date;
  updatedAt!: Date;

  static from(p: Participant): ParticipantDto {
    return Object.assign(new ParticipantDto(), {
      id: p.id,
      workshopId: p.workshopId,
      reviewId: p.reviewId,
      name: p.name,
      organisation: p.organisation,
      email: p.email,
      attended: p.attended,
      satisfaction: p.satisfaction,
      // numeric comes back from PostgreSQL as a string, to keep its exactness; two decimals fit a double.
      preTestScore: score(p.preTestScore),
      postTestScore: score(p.postTestScore),
      version: p.version,
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
    });
  }
}
