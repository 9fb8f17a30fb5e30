// Query of GET /admin/outbox, and the outbox messages as the admin routes answer them.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '@vigia/common';
import { IsIn, IsOptional } from 'class-validator';
import { MAIL_STATUSES, type MailStatus } from '../mail-message.entity';

export class ListOutboxQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: MAIL_STATUSES })
  @IsOptional()
  @IsIn(MAIL_STATUSES)
  status?: MailStatus;
}

export class OutboxMessageDto {
  id!: string;
  toAddress!: string;
  subject!: string;
  /** `pending` until delivered; `sent` through SMTP; `kept` in DATA_DIR/outbox (no SMTP_URL); `failed` gave up. */
  @ApiProperty({ enum: MAIL_STATUSES })
  status!: MailStatus;
  /** Delivery attempts so far, the successful one included. */
  attempts!: number;
  /** The last delivery error, while any. */
  lastError!: string | null;
  createdAt!: Date;
  deliveredAt!: Date | null;
}

export class OutboxMessageDetailDto extends OutboxMessageDto {
  textBody!: string;
}

export class OutboxPageDto {
  /** Newest first. */
  items!: OutboxMessageDto[];
  nextCursor!: string | null;
}
