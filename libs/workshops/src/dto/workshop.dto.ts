// Workshop bodies, queries and answers; facilitators and components are validated as nested objects.
import { IsDateOnly, Optional, PageQueryDto, Trim } from '@vigia/common';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { FACILITATOR_KINDS, type Facilitator, type FacilitatorKind, type Workshop } from '../workshop.entity';
import { ParticipantDto } from './participant.dto';

export const MAX_FACILITATORS = 50;

export class FacilitatorDto implements Facilitator {
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @IsIn(FACILITATOR_KINDS)
  kind!: FacilitatorKind;

  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  organisation?: string;
}

/** What the theoretical and practical parts cover; on PATCH, an absent part is kept and null clears it. */
export class WorkshopComponentsInputDto {
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  theoretical?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(20000)
  practical?: string | null;
}

export class CreateWorkshopDto {
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title!: string;

  /** E.g. fostering competition and preventing bid rigging. */
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  topic!: string;

  @IsDateOnly()
  startsOn!: string;

  /** The last day, for a workshop of several days; on or after startsOn. */
  @IsOptional()
  @IsDateOnly()
  endsOn?: string;

  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  location!: string;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => WorkshopComponentsInputDto)
  components?: WorkshopComponentsInputDto;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_FACILITATORS)
  @ValidateNested({ each: true })
  @Type(() => FacilitatorDto)
  facilitators?: FacilitatorDto[];

  /** A deliverable of the same review that this workshop fulfils. */
  @IsOptional()
  @IsUUID()
  deliverableId?: string;
}

export class UpdateWorkshopDto {
  @Optional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title?: string;

  @Optional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  topic?: string;

  @Optional()
  @IsDateOnly()
  startsOn?: string;

  /** null makes it a one-day workshop. */
  @IsOptional()
  @IsDateOnly()
  endsOn?: string | null;

  @Optional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  location?: string;

  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => WorkshopComponentsInputDto)
  components?: WorkshopComponentsInputDto;

  /** Replaces the whole list. */
  @Optional()
  @IsArray()
  @ArrayMaxSize(MAX_FACILITATORS)
  @ValidateNested({ each: true })
  @Type(() => FacilitatorDto)
  facilitators?: FacilitatorDto[];

  /** null unlinks the deliverable. */
  @IsOptional()
  @IsUUID()
  deliverableId?: string | null;

  /** The version you read; a stale one gets 409. */
  @IsInt()
  @Min(1)
  version!: number;
}

export class ListWorkshopsQueryDto extends PageQueryDto {
  /** Workshops starting on or after this date. */
  @IsOptional()
  @IsDateOnly()
  from?: string;

  /** Workshops starting on or before this date. */
  @IsOptional()
  @IsDateOnly()
  to?: string;
}

export class WorkshopComponentsDto {
  theoretical!: string | null;
  practical!: string | null;
}

export class WorkshopDto {
  id!: string;
  reviewId!: string;
  deliverableId!: string | null;
  title!: string;
  topic!: string;
  startsOn!: string;
  endsOn!: string | null;
  location!: string;
  components!: WorkshopComponentsDto;
  facilitators!: FacilitatorDto[];
  version!: number;
  createdAt!: Date;
  updatedAt!: Date;

  static from(w: Workshop): WorkshopDto {
    return Object.assign(new WorkshopDto(), WorkshopDto.fields(w));
  }

  protected static fields(w: Workshop): WorkshopDto {
    return {
      id: w.id,
      reviewId: w.reviewId,
      deliverableId: w.deliverableId,
      title: w.title,
      topic: w.topic,
      startsOn: w.startsOn,
      endsOn: w.endsOn,
      location: w.location,
      components: { theoretical: w.theoreticalComponent, practical: w.practicalComponent },
      facilitators: w.facilitators,
      version: w.version,
      createdAt: w.createdAt,
      updatedAt: w.updatedAt,
    };
  }
}

/** How the workshop went, from its participants' attendance, ratings and test scores. */
export class WorkshopEvaluationDto {
  invited!: number;
  attended!: number;
  /** attended / invited, 0 to 1; null while nobody is invited. */
  attendanceRate!: number | null;
  /** Mean satisfaction (1 to 5) of those who rated; null when nobody did. */
  averageSatisfaction!: number | null;
  averagePreTestScore!: number | null;
  averagePostTestScore!: number | null;
  /** Mean of (post - pre) over the participants who took both tests. */
  averageImprovement!: number | null;
}

export class WorkshopDetailDto extends WorkshopDto {
  participants!: ParticipantDto[];
  evaluation!: WorkshopEvaluationDto;

  static detail(w: Workshop, participants: ParticipantDto[], evaluation: WorkshopEvaluationDto): WorkshopDetailDto {
    return Object.assign(new WorkshopDetailDto(), WorkshopDto.fields(w), { participants, evaluation });
  }
}

export class WorkshopPageDto {
  items!: WorkshopDto[];
  nextCursor!: string | null;
}
