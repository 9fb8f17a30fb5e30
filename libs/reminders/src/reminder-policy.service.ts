// A review's reminder policy: read (the default when it has none) and replaced by its coordinator.
import { Injectable } from '@nestjs/common';
import { VersionConflictError } from '@vigia/common';
import { DataSource } from 'typeorm';
import type { PutReminderPolicyDto, ReminderPolicyDto } from './dto/reminder-policy.dto';
import { DEFAULT_REMINDER_POLICY, ReminderPolicy } from './reminder-policy.entity';

/** First key of the transaction-scoped advisory lock that serialises writes of one review's policy. */
const POLICY_LOCK_CLASS = 0x52454d49;

function toDto(reviewId: string, policy: ReminderPolicy | null): ReminderPolicyDto {
  if (!policy) {
    return {
      reviewId,
      daysBefore: [...DEFAULT_REMINDER_POLICY.daysBefore],
      overdueEveryDays: DEFAULT_REMINDER_POLICY.overdueEveryDays,
      isDefault: true,
      version: 0,
    };
  }
  return {
    reviewId,
    daysBefore: policy.daysBefore,
    overdueEveryDays: policy.overdueEveryDays,
    isDefault: false,
    version: policy.version,
  };
}

@Injectable()
export class ReminderPolicyService {
  constructor(private readonly dataSource: DataSource) {}

  async get(reviewId: string): Promise<ReminderPolicyDto> {
    return toDto(reviewId, await this.dataSource.getRepository(ReminderPolicy).findOneBy({ reviewId }));
  }

  /**
   * Creates the review's policy or replaces it. Writers of one review take turns on an advisory lock, so two first
   * writes cannot both insert, and of two writes of the same version the second sees the first's and gets 409.
   */
  async put(reviewId: string, dto: PutReminderPolicyDto): Promise<ReminderPolicyDto> {
    const daysBefore = [...new Set(dto.daysBefore)].sort((a, b) => b - a);
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [POLICY_LOCK_CLASS, reviewId]);
      const repo = manager.getRepository(ReminderPolicy);
      const existing = await repo.findOneBy({ reviewId });
      if (existing && dto.version !== undefined && dto.version !== existing.version) {
        throw new VersionConflictError('Reminder policy', dto.version, existing.version);
      }
      const policy = existing ?? repo.create({ reviewId });
      policy.daysBefore = daysBefore;
      policy.overdueEveryDays = dto.overdueEveryDays;
      return toDto(reviewId, await repo.save(policy));
    });
  }
}
