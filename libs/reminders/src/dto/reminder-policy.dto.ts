// Body of PUT /reviews/:id/reminder-policy, and the policy as GET and PUT answer it.
import { Optional } from '@vigia/common';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsInt, Max, Min } from 'class-validator';

export class PutReminderPolicyDto {
  /** Days before each due date to remind on: 1 to 10 distinct whole days of 1-365 (stored in descending order). */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ArrayUnique({ message: 'daysBefore must not repeat a day' })
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(365, { each: true })
  daysBefore!: number[];

  /** Once overdue, remind on the first day late and then every this many days (1-365). */
  @IsInt()
  @Min(1)
  @Max(365)
  overdueEveryDays!: number;

  /** The version you read; a stale one gets 409 once the review has a policy of its own. 0 for the default. */
  @Optional()
  @IsInt()
  @Min(0)
  version?: number;
}

export class ReminderPolicyDto {
  reviewId!: string;
  /** Descending, e.g. [14, 3, 1]. */
  daysBefore!: number[];
  overdueEveryDays!: number;
  /** True while the review has no policy of its own and follows DEFAULT_REMINDER_POLICY. */
  isDefault!: boolean;
  /** 0 for the default policy. */
  version!: number;
}
