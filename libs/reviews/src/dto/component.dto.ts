// Bodies and answers of a review's components (/reviews/:id/components, /components/:id).
import { Trim } from '@vigia/common';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import type { ReviewComponent } from '../component.entity';

export class CreateComponentDto {
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title!: string;

  @IsOptional()
  @IsString()
  @MaxLength(20000)
  description?: string;
}

export class UpdateComponentDto {
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title?: string;

  /** null clears it. */
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(20000)
  description?: string | null;

  /** Moves the component in the review's order (components are listed by position, then creation). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10000)
  position?: number;

  @IsInt()
  @Min(1)
  version!: number;
}

export class ComponentDto {
  id!: string;
  reviewId!: string;
  title!: string;
  description!: string | null;
  position!: number;
  version!: number;
  createdAt!: Date;
  updatedAt!: Date;

  static from(c: ReviewComponent): ComponentDto {
    return Object.assign(new ComponentDto(), {
      id: c.id,
      reviewId: c.reviewId,
      title: c.title,
      description: c.description,
      position: c.position,
      version: c.version,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
    });
  }
}

export class ComponentListDto {
  items!: ComponentDto[];
  nextCursor!: string | null;
}
